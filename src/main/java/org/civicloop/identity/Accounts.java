package org.civicloop.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.Role;

/**
 * What other modules may ask about accounts: only enabled accounts count. "Covering" a territory
 * node means being bound to the node or to one of its ancestors (the jurisdiction rule); results
 * come nearest binding first, so "the secretary of this village" is the first of the village's
 * secretaries before any township-level holder of the role.
 */
public interface Accounts {

	/** An enabled account as other modules may name it. */
	record Person(UUID id, String username, String displayName) {
	}

	Optional<Person> byUsername(String username);

	Optional<Person> byId(UUID id);

	/** Enabled accounts holding {@code role} whose jurisdiction covers the node, nearest binding first. */
	List<Person> withRoleCovering(Role role, String territoryCode);

	/** The account's e-mail address, when it has one and is enabled. */
	Optional<String> email(UUID userId);

	/** Enabled accounts holding {@code role} whose jurisdiction covers the node; empty for a malformed code. */
	List<UUID> usersCovering(String territoryCode, Role role);

	/**
	 * E-mail addresses of enabled accounts holding any of {@code roles} whose jurisdiction covers the
	 * node, nearest binding first, at most {@code limit} distinct addresses.
	 */
	List<String> addressesCovering(String territoryCode, Set<Role> roles, int limit);
}
