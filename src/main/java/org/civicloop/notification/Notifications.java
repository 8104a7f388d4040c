package org.civicloop.notification;

/**
 * Sends notices. Call it inside the transaction of the change being told (usually an event
 * handler's): the in-app row commits with it, and the e-mail goes out after the commit.
 */
public interface Notifications {

	/** Returns whether the notice is new (false when its event key was already sent to that recipient). */
	boolean send(Notice notice);
}
