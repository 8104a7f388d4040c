package org.civicloop.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.shared.Role;

/**
 * Who holds a role where, for modules that must address a person rather than a territory queue
 * (the secretary who approves a seal use, the custodian who keeps it). Read-only; disabled
 * accounts are left out.
 */
public interface People {

	Optional<Person> byUsername(String username);

	Optional<Person> byId(UUID id);

	/** Enabled users holding {@code role} whose jurisdiction covers {@code territoryCode}, by username. */
	List<Person> withRoleCovering(Role role, String territoryCode);

	record Person(UUID id, String username, String displayName) {
	}
}
