package org.civicloop.notification;

import java.util.List;

/**
 * Sends notices. Call it inside the transaction of the change being told (usually an event
 * handler's): the in-app row commits with it, and the e-mail goes out after the commit.
 */
public interface Notifications {

	/** Returns whether the notice is new (false when its event key was already sent to that recipient). */
	boolean send(Notice notice);

	/**
	 * As {@link #send} for each notice, in order; the platform's implementation stores them all in
	 * one statement (the work-order intake tells a batch of new orders at once). Returns whether
	 * each was new.
	 */
	default List<Boolean> sendAll(List<Notice> notices) {
		return notices.stream().map(this::send).toList();
	}

	/**
	 * E-mails someone who has no account but left an address (a hotline caller, an Open311 client),
	 * at most once per event key; nothing is shown in any inbox. Returns whether it was new (false
	 * too for an invalid address). Without SMTP settings nothing goes out.
	 */
	boolean email(String eventKey, String address, String source, String messageKey, List<String> args);
}
