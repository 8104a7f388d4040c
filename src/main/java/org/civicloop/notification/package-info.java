/**
 * Telling people what happened, for every module: an in-app inbox per person (and per territory
 * queue, seen by every staff member whose jurisdiction covers the node), and e-mail over SMTP when
 * it is configured and the person has an address. A module sends a {@link Notice} through
 * {@link org.civicloop.notification.Notifications}; the text is a message key with arguments,
 * rendered in the reader's language when shown, so a notice is written once and read in zh-CN or
 * English.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package org.civicloop.notification;
