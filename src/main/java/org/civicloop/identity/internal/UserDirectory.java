package org.civicloop.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read models for the administration pages and the users API. The caller's jurisdiction is part
 * of each query (and so of its paging): a user is listed when one of their bindings lies inside
 * it; login events when they belong to such a user. A city-wide administrator also sees accounts
 * without bindings and attempts with unknown usernames.
 */
@Service
public class UserDirectory {

	/** Outcomes recorded in {@code identity_login_event}. */
	public static final List<String> OUTCOMES = List.of("SUCCESS", "BAD_CREDENTIALS", "BACKOFF", "LOCKED", "DISABLED",
			"UNKNOWN_USER");

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;

	UserDirectory(JdbcClient jdbc, JurisdictionScope scope) {
		this.jdbc = jdbc;
		this.scope = scope;
	}

	public record Page<T>(List<T> items, int page, int size, long total) {
		public int pages() {
			return (int) Math.max(1, (total + size - 1) / size);
		}

		public boolean hasPrevious() {
			return page > 0;
		}

		public boolean hasNext() {
			return page + 1 < pages();
		}
	}

	public record UserRow(UUID id, String username, String displayName, boolean enabled, boolean demo,
			Instant lockedUntil, Instant lastLoginAt, Instant createdAt, Set<Role> roles, Set<String> territories) {

		public boolean lockedAt(Instant now) {
			return lockedUntil != null && now.isBefore(lockedUntil);
		}
	}

	public record LoginRow(long id, Instant at, String username, UUID userId, String channel, String outcome,
			String remoteAddr) {
	}

	public Page<UserRow> users(String q, Role role, int page, int size) {
		Jurisdiction j = scope.current();
		JurisdictionScope.SqlFilter f = scope.sqlFilter("b.territory_code");
		Map<String, Object> params = new HashMap<>(f.params());
		StringBuilder where = new StringBuilder("(EXISTS (SELECT 1 FROM identity_user_binding b WHERE b.user_id = u.id AND ")
			.append(f.condition())
			.append(")");
		if (AdminReach.wholeCity(j)) {
			where.append(" OR NOT EXISTS (SELECT 1 FROM identity_user_binding nb WHERE nb.user_id = u.id)");
		}
		where.append(")");
		String term = q == null ? "" : q.strip();
		if (!term.isEmpty()) {
			where.append(" AND (lower(u.username) LIKE :like OR lower(u.display_name) LIKE :like)");
			params.put("like", "%" + escapeLike(term.toLowerCase(Locale.ROOT)) + "%");
		}
		if (role != null) {
			where.append(" AND EXISTS (SELECT 1 FROM identity_user_role r WHERE r.user_id = u.id AND r.role = :role)");
			params.put("role", role.name());
		}
		long total = jdbc.sql("SELECT count(*) FROM identity_user u WHERE " + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<UserRow> base = jdbc
			.sql("SELECT u.id, u.username, u.display_name, u.enabled, u.demo, u.locked_until, u.last_login_at, u.created_at"
					+ " FROM identity_user u WHERE " + where + " ORDER BY u.username LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, n) -> row(rs, Set.of(), Set.of()))
			.list();
		return new Page<>(withRolesAndBindings(base), page, size, total);
	}

	/** One user, not scoped: callers check {@link AdminReach} on the result. */
	public java.util.Optional<UserRow> user(UUID id) {
		return jdbc
			.sql("SELECT u.id, u.username, u.display_name, u.enabled, u.demo, u.locked_until, u.last_login_at, u.created_at"
					+ " FROM identity_user u WHERE u.id = :id")
			.param("id", id)
			.query((rs, n) -> row(rs, Set.of(), Set.of()))
			.optional()
			.map(r -> withRolesAndBindings(List.of(r)).get(0));
	}

	public Page<LoginRow> logins(String username, String outcome, int page, int size) {
		Jurisdiction j = scope.current();
		Map<String, Object> params = new HashMap<>();
		List<String> conditions = new ArrayList<>();
		if (!AdminReach.wholeCity(j)) {
			JurisdictionScope.SqlFilter f = scope.sqlFilter("b.territory_code");
			conditions.add("e.user_id IN (SELECT b.user_id FROM identity_user_binding b WHERE " + f.condition() + ")");
			params.putAll(f.params());
		}
		String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
		if (!name.isEmpty()) {
			conditions.add("e.username LIKE :like");
			params.put("like", "%" + escapeLike(name) + "%");
		}
		if (outcome != null && OUTCOMES.contains(outcome)) {
			conditions.add("e.outcome = :outcome");
			params.put("outcome", outcome);
		}
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		long total = jdbc.sql("SELECT count(*) FROM identity_login_event e" + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<LoginRow> items = jdbc
			.sql("SELECT e.id, e.at, e.username, e.user_id, e.channel, e.outcome, e.remote_addr FROM identity_login_event e"
					+ where + " ORDER BY e.at DESC, e.id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, n) -> new LoginRow(rs.getLong("id"), instant(rs, "at"), rs.getString("username"),
					rs.getObject("user_id", UUID.class), rs.getString("channel"), rs.getString("outcome"),
					rs.getString("remote_addr")))
			.list();
		return new Page<>(items, page, size, total);
	}

	private List<UserRow> withRolesAndBindings(List<UserRow> base) {
		if (base.isEmpty()) {
			return base;
		}
		String[] ids = base.stream().map(r -> r.id().toString()).toArray(String[]::new);
		Map<UUID, Set<Role>> roles = new TreeMap<>();
		jdbc.sql("SELECT user_id, role FROM identity_user_role WHERE user_id = ANY (CAST(:ids AS uuid[]))").param("ids", ids).query(rs -> {
			try {
				roles.computeIfAbsent(rs.getObject("user_id", UUID.class), k -> new TreeSet<>())
					.add(Role.valueOf(rs.getString("role")));
			}
			catch (IllegalArgumentException retiredRole) {
				// a role no longer in the enum is not shown
			}
		});
		Map<UUID, Set<String>> bindings = new TreeMap<>();
		jdbc.sql("SELECT user_id, territory_code FROM identity_user_binding WHERE user_id = ANY (CAST(:ids AS uuid[]))")
			.param("ids", ids)
			.query(rs -> {
				bindings.computeIfAbsent(rs.getObject("user_id", UUID.class), k -> new TreeSet<>())
					.add(rs.getString("territory_code"));
			});
		return base.stream()
			.map(r -> new UserRow(r.id(), r.username(), r.displayName(), r.enabled(), r.demo(), r.lockedUntil(),
					r.lastLoginAt(), r.createdAt(), roles.getOrDefault(r.id(), Set.of()),
					bindings.getOrDefault(r.id(), Set.of())))
			.toList();
	}

	private static UserRow row(ResultSet rs, Set<Role> roles, Set<String> territories) throws SQLException {
		return new UserRow(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
				rs.getBoolean("enabled"), rs.getBoolean("demo"), instant(rs, "locked_until"), instant(rs, "last_login_at"),
				instant(rs, "created_at"), roles, territories);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	private static String escapeLike(String s) {
		return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}
}
