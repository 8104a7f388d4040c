package org.civicloop.identity;

import java.util.Set;
import java.util.UUID;

/** An administrator changed a user's roles, bindings or enabled state. */
public record UserAccessChanged(UUID userId, String username, String changedBy, Set<String> roles,
		Set<String> territoryCodes, boolean enabled) {
}
