package org.civicloop.notification;

import java.util.List;
import java.util.UUID;

/**
 * One thing to tell. Exactly one recipient: a user ({@code recipientUser}) or a territory queue
 * ({@code recipientTerritory}: every staff member whose jurisdiction covers that node sees it).
 * {@code eventKey} makes sending idempotent: the same key to the same recipient is stored once
 * (a redelivered event lands on the row already written, and no second e-mail goes out).
 * {@code messageKey} is looked up in the message bundles with {@code args} when the notice is shown
 * ({@code module.notice.kind} by convention); {@code link} is a path inside the platform
 * (e.g. {@code /seal/applications/…}); {@code source} names the sending module for filtering.
 */
public record Notice(String eventKey, UUID recipientUser, String recipientTerritory, String source, String messageKey,
		List<String> args, String link) {

	public Notice {
		if ((recipientUser == null) == (recipientTerritory == null)) {
			throw new IllegalArgumentException("a notice goes to one user or one territory queue");
		}
		if (eventKey == null || eventKey.isBlank() || messageKey == null || source == null) {
			throw new IllegalArgumentException("eventKey, source and messageKey are required");
		}
		args = args == null ? List.of() : List.copyOf(args);
	}

	public static Notice toUser(String eventKey, UUID user, String source, String messageKey, String link,
			String... args) {
		return new Notice(eventKey, user, null, source, messageKey, List.of(args), link);
	}

	public static Notice toTerritory(String eventKey, String territoryCode, String source, String messageKey,
			String link, String... args) {
		return new Notice(eventKey, null, territoryCode, source, messageKey, List.of(args), link);
	}
}
