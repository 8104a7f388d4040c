package org.civicloop.identity.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.identity.Accounts;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link Accounts} on the identity tables. A node's covering bindings are its ancestors, which
 * the code itself names (every level's code is a prefix of its children's, padded), so the query
 * is an equality on at most seven codes rather than a scan of every binding.
 */
@Component
class AccountLookup implements Accounts {

	private final JdbcClient jdbc;

	AccountLookup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Person> byUsername(String username) {
		return jdbc.sql("SELECT id, username, display_name FROM identity_user WHERE username = :u AND enabled")
			.param("u", username)
			.query((rs, i) -> new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
			.optional();
	}

	@Override
	public Optional<Person> byId(UUID id) {
		if (id == null) {
			return Optional.empty();
		}
		return jdbc.sql("SELECT id, username, display_name FROM identity_user WHERE id = :id AND enabled")
			.param("id", id)
			.query((rs, i) -> new Person(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
			.optional();
	}

	@Override
	public List<Person> withRoleCovering(Role role, String territoryCode) {
		return covering(territoryCode, Set.of(role), false).stream()
			.map(h -> new Person(h.id(), h.username(), h.displayName()))
			.distinct()
			.toList();
	}

	@Override
	public Optional<String> email(UUID userId) {
		if (userId == null) {
			return Optional.empty();
		}
		return jdbc.sql("SELECT email FROM identity_user WHERE id = :id AND enabled AND email IS NOT NULL")
			.param("id", userId)
			.query(String.class)
			.optional();
	}

	@Override
	public List<UUID> usersCovering(String territoryCode, Role role) {
		return covering(territoryCode, Set.of(role), false).stream().map(Holder::id).distinct().toList();
	}

	@Override
	public List<String> addressesCovering(String territoryCode, Set<Role> roles, int limit) {
		Set<String> out = new LinkedHashSet<>();
		for (Holder h : covering(territoryCode, roles, true)) {
			if (out.size() >= limit) {
				break;
			}
			out.add(h.email());
		}
		return List.copyOf(out);
	}

	private record Holder(UUID id, String username, String displayName, String email, String binding) {
	}

	private List<Holder> covering(String territoryCode, Set<Role> roles, boolean withEmail) {
		if (territoryCode == null || !TerritoryCode.isValid(territoryCode) || roles.isEmpty()) {
			return List.of();
		}
		TerritoryCode node = TerritoryCode.of(territoryCode);
		List<String> ancestors = ancestors(node);
		List<Holder> found = new ArrayList<>(jdbc.sql("""
				SELECT DISTINCT u.id, u.username, u.display_name, u.email, b.territory_code
				FROM identity_user u
				JOIN identity_user_binding b ON b.user_id = u.id
				JOIN identity_user_role r ON r.user_id = u.id
				WHERE u.enabled AND b.territory_code = ANY (:codes) AND r.role = ANY (:roles)""" + (withEmail
				? " AND u.email IS NOT NULL" : ""))
			.param("codes", ancestors.toArray(String[]::new))
			.param("roles", roles.stream().map(Role::name).toArray(String[]::new))
			.query((rs, n) -> new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.list());
		// nearest first: a longer scope prefix is a deeper node; then a stable order
		found.removeIf(h -> !TerritoryCode.isValid(h.binding()) || !node.isWithin(TerritoryCode.of(h.binding())));
		found.sort(Comparator.comparingInt((Holder h) -> -TerritoryCode.of(h.binding()).scopePrefix().length())
			.thenComparing(h -> h.id().toString()));
		return found;
	}

	/** The node and every code that could be one of its ancestors, by the shapes of the levels. */
	static List<String> ancestors(TerritoryCode node) {
		String v = node.value();
		List<String> candidates = new ArrayList<>();
		candidates.add(v.substring(0, 4) + "00");
		candidates.add(v.substring(0, 6));
		if (v.length() >= 12) {
			candidates.add(v.substring(0, 9) + "000");
			candidates.add(v.substring(0, 12));
		}
		if (v.length() >= 15) {
			candidates.add(v.substring(0, 15));
		}
		if (v.length() >= 18 && Character.isDigit(v.charAt(12))) {
			candidates.add(v.substring(0, 18));
		}
		candidates.add(v);
		return candidates.stream().distinct().filter(TerritoryCode::isValid)
			.filter(c -> node.isWithin(TerritoryCode.of(c))).toList();
	}
}
