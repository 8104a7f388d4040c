package org.civicloop.notification.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Friendly error pages for the inbox (a bad page number or source is a 400, a foreign notice a 404). */
@ControllerAdvice(assignableTypes = NotificationPages.class)
class NotificationPageErrors extends FriendlyPageErrors {
}
