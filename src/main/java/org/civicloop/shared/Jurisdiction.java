package org.civicloop.shared;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one caller may see and touch: the subtrees under the territory nodes they are bound to,
 * plus the records they own (a resident's own requests). A jurisdiction with no roots sees
 * nothing but its own records.
 */
public record Jurisdiction(UUID userId, String username, Set<Role> roles, Set<TerritoryCode> roots)
		implements java.io.Serializable {

	public static final Jurisdiction NONE = new Jurisdiction(null, null, Set.of(), Set.of());

	public Jurisdiction {
		roles = Set.copyOf(roles);
		roots = Set.copyOf(roots);
	}

	public boolean covers(TerritoryCode code) {
		return code != null && roots.stream().anyMatch(code::isWithin);
	}

	public boolean covers(String code) {
		return code != null && TerritoryCode.isValid(code) && covers(TerritoryCode.of(code));
	}

	/** May read a record placed at {@code code} and owned by {@code ownerId}. */
	public boolean canSee(String code, UUID ownerId) {
		return (ownerId != null && ownerId.equals(userId)) || covers(code);
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean hasAny(Collection<Role> any) {
		return any.stream().anyMatch(roles::contains);
	}

	public boolean isAuthenticated() {
		return userId != null;
	}

	/** SQL {@code LIKE} patterns matching every code inside the jurisdiction. */
	public List<String> likePatterns() {
		return roots.stream().map(r -> r.scopePrefix() + "%").sorted().toList();
	}
}
