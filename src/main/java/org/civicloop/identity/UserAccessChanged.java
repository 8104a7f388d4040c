package org.civicloop.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An administrator changed a user's roles, bindings or enabled state; the sets are the state after
 * the change, {@code version} the account version it produced (unique per user and change).
 */
public record UserAccessChanged(UUID userId, String username, String changedBy, Set<String> roles,
		Set<String> territoryCodes, boolean enabled, long version, Instant at) {
}
