package org.civicloop.notification.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notice rows and the signed-in user's view of them: their own notices, plus their territory
 * queues' when they are staff (residents are bound to their compound, which must not show them the
 * handlers' queue).
 */
@Component
public class NoticeStore {

	/** Who reads territory queues (and gets their e-mail): everyone but the public-side personas. */
	public static final Set<Role> STAFF = EnumSet.complementOf(
			EnumSet.of(Role.RESIDENT, Role.ENTERPRISE_CONTACT, Role.PROPERTY_COMPANY, Role.OWNERS_COMMITTEE));

	static final String MAIL_ONLY = "mail";
	private static final int COUNT_CAP = 100;
	private static final int ARG_MAX = 1000;
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;

	NoticeStore(JdbcClient jdbc, JurisdictionScope scope) {
		this.jdbc = jdbc;
		this.scope = scope;
	}

	public record Item(long id, String source, String messageKey, List<String> args, String link, Instant at,
			boolean read) {
	}

	public record Page(List<Item> items, int page, int size, long total, String source) {
	}

	/** A notice row to write; {@code recipient} is its key with the event's ("user:…", "territory:…", "mail"). */
	record Row(String eventKey, String recipient, UUID user, String territory, String source, String messageKey,
			List<String> args, String link) {
	}

	/**
	 * Writes the rows in one statement; for each, whether it is new (false when the same event
	 * already reached that recipient, earlier or in the same call).
	 */
	List<Boolean> insertAll(List<Row> rows) {
		int n = rows.size();
		String[][] c = new String[8][n];
		for (int i = 0; i < n; i++) {
			Row r = rows.get(i);
			c[0][i] = clip(r.eventKey(), 200);
			c[1][i] = r.recipient();
			c[2][i] = r.user() == null ? null : r.user().toString();
			c[3][i] = r.territory();
			c[4][i] = clip(r.source(), 40);
			c[5][i] = clip(r.messageKey(), 120);
			// jagged: each row's arguments travel as one JSON array
			c[6][i] = JSON.writeValueAsString(r.args().stream().map(a -> a == null ? "" : clip(a, ARG_MAX)).toList());
			c[7][i] = r.link();
		}
		Set<String> inserted = new HashSet<>(jdbc.sql("""
				INSERT INTO notification_notice (event_key, recipient, recipient_user, recipient_territory, source,
				  message_key, args, link, created_at)
				SELECT k, r, u::uuid, t, s, m, ARRAY(SELECT json_array_elements_text(a::json)), l, :at
				FROM unnest(CAST(:k AS text[]), :r::text[], :u::text[], :t::text[], :s::text[], :m::text[], :a::text[],
				  :l::text[]) WITH ORDINALITY AS v(k, r, u, t, s, m, a, l, i)
				ORDER BY v.i
				ON CONFLICT (event_key, recipient) DO NOTHING
				RETURNING event_key || ' ' || recipient""")
			.param("k", c[0]).param("r", c[1]).param("u", c[2]).param("t", c[3]).param("s", c[4]).param("m", c[5])
			.param("a", c[6]).param("l", c[7])
			.param("at", Timestamp.from(Instant.now()))
			.query(String.class)
			.list());
		List<Boolean> fresh = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			// remove: a second row with the same key in this call was not written
			fresh.add(inserted.remove(c[0][i] + " " + c[1][i]));
		}
		return fresh;
	}

	static String clip(String s, int max) {
		return s == null ? null : s.length() > max ? s.substring(0, max - 1) + "…" : s;
	}

	private record Cond(String sql, Map<String, Object> params) {
	}

	private Cond visible(String source) {
		Jurisdiction j = scope.current();
		Map<String, Object> p = new HashMap<>();
		p.put("me", j.userId() == null ? new UUID(0, 0) : j.userId());
		String sql;
		if (j.hasAny(STAFF) && !j.roots().isEmpty()) {
			p.put("patterns", j.likePatterns().toArray(String[]::new));
			sql = "(n.recipient_user = :me OR n.recipient_territory LIKE ANY (:patterns))";
		}
		else {
			sql = "n.recipient_user = :me";
		}
		if (source != null) {
			p.put("source", source);
			sql += " AND n.source = :source";
		}
		return new Cond(sql, p);
	}

	/** Unread notices, counted up to 100 (the bell shows 99+ beyond). */
	public long unread() {
		Cond c = visible(null);
		return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM notification_notice n WHERE " + c.sql()
				+ " AND NOT EXISTS (SELECT 1 FROM notification_read r WHERE r.notice_id = n.id AND r.user_id = :me)"
				+ " LIMIT " + COUNT_CAP + ") x").params(c.params()).query(Long.class).single();
	}

	/**
	 * The sources of the caller's recent notices, for the filter: the latest 1000 are enough to offer
	 * the choice, and a city-wide queue would otherwise be scanned whole on every page view.
	 */
	public List<String> sources() {
		Cond c = visible(null);
		return jdbc.sql("SELECT DISTINCT source FROM (SELECT n.source FROM notification_notice n WHERE " + c.sql()
				+ " ORDER BY n.id DESC LIMIT 1000) x ORDER BY 1")
			.params(c.params())
			.query(String.class)
			.list();
	}

	public Page page(String source, int page, int size) {
		Cond c = visible(source);
		long total = jdbc.sql("SELECT count(*) FROM notification_notice n WHERE " + c.sql())
			.params(c.params())
			.query(Long.class)
			.single();
		List<Item> items = new ArrayList<>(jdbc.sql("""
				SELECT n.id, n.source, n.message_key, n.args, n.link, n.created_at, r.user_id IS NOT NULL AS read
				FROM notification_notice n
				LEFT JOIN notification_read r ON r.notice_id = n.id AND r.user_id = :me
				WHERE\s""" + c.sql() + " ORDER BY n.id DESC LIMIT :limit OFFSET :offset")
			.params(c.params())
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, n) -> new Item(rs.getLong("id"), rs.getString("source"), rs.getString("message_key"),
					Arrays.asList((String[]) rs.getArray("args").getArray()), rs.getString("link"),
					rs.getTimestamp("created_at").toInstant(), rs.getBoolean("read")))
			.list());
		return new Page(items, page, size, total, source);
	}

	/**
	 * Marks one notice read; returns its link ("" when it has none), or empty when the caller cannot
	 * see it.
	 */
	public Optional<String> markRead(long id) {
		Cond c = visible(null);
		Optional<String> link = jdbc.sql("SELECT coalesce(n.link, '') FROM notification_notice n WHERE n.id = :id AND " + c.sql())
			.params(c.params())
			.param("id", id)
			.query(String.class)
			.optional();
		link.ifPresent(x -> jdbc.sql("""
				INSERT INTO notification_read (notice_id, user_id, read_at) VALUES (:id, :me, now())
				ON CONFLICT DO NOTHING""").params(c.params()).param("id", id).update());
		return link;
	}

	public int markAllRead(String source) {
		Cond c = visible(source);
		return jdbc.sql("INSERT INTO notification_read (notice_id, user_id, read_at)"
				+ " SELECT n.id, :me, now() FROM notification_notice n WHERE " + c.sql()
				+ " ON CONFLICT DO NOTHING").params(c.params()).update();
	}
}
