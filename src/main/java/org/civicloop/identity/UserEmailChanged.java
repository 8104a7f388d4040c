package org.civicloop.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's e-mail address for notices was set, changed or removed, by an administrator or by the
 * user. The address itself is not carried: the audit log keeps that it changed, not the address.
 * {@code version} is the account version the change produced (unique per user and change).
 */
public record UserEmailChanged(UUID userId, String username, String changedBy, boolean hasEmail, long version,
		Instant at) {
}
