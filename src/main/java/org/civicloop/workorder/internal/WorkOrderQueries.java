package org.civicloop.workorder.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.WorkOrderUpdate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read models over the work-order tables. Lists are scoped in SQL through
 * {@link JurisdictionScope} so that the scope is part of the paging: staff see their subtree and
 * their own requests, everyone else only their own requests.
 */
@Component
public class WorkOrderQueries {

	static final String OPEN_STATES = "('SUBMITTED','ACCEPTED','IN_PROGRESS','RETURNED')";

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final OpenOrderIndex openOrders;

	WorkOrderQueries(JdbcClient jdbc, JurisdictionScope scope, OpenOrderIndex openOrders) {
		this.jdbc = jdbc;
		this.scope = scope;
		this.openOrders = openOrders;
	}

	/** One row of a list. {@code requesterShown} is false for anonymous orders seen by staff. */
	public record Summary(UUID id, String number, String categoryCode, String description, WorkOrderState state,
			Priority priority, String territoryCode, String responsibleUnit, Instant submittedAt, Instant acceptDueAt,
			Instant replyDueAt, boolean dueSoon, boolean overdue, boolean supervised, int escalationLevel, Double lat,
			Double lng) {
	}

	/**
	 * One page. {@code total} is exact up to {@link #COUNT_CAP}; beyond it {@code total} is the cap and
	 * {@code totalCapped} is true (an exact count over a whole city costs more than the page itself).
	 * {@code next}: the cursor of the following page ({@code after=}), null on the last page.
	 */
	public record Page(List<Summary> items, int page, int size, long total, boolean totalCapped, String next) {
	}

	public record Filter(WorkOrderState state, String categoryCode, Boolean overdue, String queue, boolean mineOnly) {
	}

	public record Note(long id, Instant at, String author, String text) {
	}

	public record Nearby(UUID id, String number, String description, WorkOrderState state, int meters) {
	}

	/** Counts above this are reported as the cap ({@link Page#totalCapped}). */
	static final int COUNT_CAP = 10_000;

	/** Offset paging (page 0, 1, …): fine for the first pages; deep pages should follow {@link Page#next}. */
	public Page list(Filter f, int page, int size) {
		return list(f, page, null, size);
	}

	/**
	 * Keyset paging: the page after the cursor {@code after} (from {@link Page#next}); null for the first
	 * page. Stable under inserts and as cheap on page 1,000 as on page 1.
	 */
	public Page list(Filter f, String after, int size) {
		return list(f, 0, after, size);
	}

	private Page list(Filter f, int page, String after, int size) {
		Jurisdiction j = scope.current();
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		boolean staffScope = !(f.mineOnly() || !WorkOrderAccess.isStaff(j));
		// the staff scope's territory prefixes as SQL literals (null when it has none such): the list's
		// condition and its count are both written from them
		String literal = staffScope ? Indicators.literalScope(j.likePatterns(), "territory_code") : null;
		if (!staffScope) {
			where.add("requester_id = :me");
			params.put("me", j.userId() == null ? new UUID(0, 0) : j.userId());
		}
		else {
			where.add(scopeCondition(j, literal, params));
		}
		int scopeTerms = where.size();
		if (f.state() != null) {
			// a literal (an enum name), so that the planner can prove the open-orders index's predicate
			where.add("state = '" + f.state().name() + "'");
		}
		if (f.categoryCode() != null && !f.categoryCode().isBlank()) {
			where.add("category_code = :cat");
			params.put("cat", f.categoryCode());
		}
		if (f.overdue() != null) {
			where.add("overdue = :overdue");
			params.put("overdue", f.overdue());
		}
		if (f.queue() != null) {
			where.add(switch (f.queue()) {
				case "to-accept" -> "state IN ('SUBMITTED','RETURNED')";
				case "to-handle" -> "state IN ('ACCEPTED','IN_PROGRESS')";
				case "due-soon" -> "due_soon AND NOT overdue AND state IN " + OPEN_STATES;
				case "overdue" -> "overdue AND state IN " + OPEN_STATES;
				default -> throw new IllegalArgumentException("Unknown queue " + f.queue());
			});
		}
		String cond = String.join(" AND ", where);
		List<String> others = where.subList(scopeTerms, where.size());
		long counted = jdbc.sql(countSql(literal, cond, others)).params(params).query(Long.class).single();
		// the due-soon and overdue queues are worked through by deadline, the others newest first
		boolean byDeadline = "due-soon".equals(f.queue()) || "overdue".equals(f.queue());
		// (no deadline sorts last, as NULLs did, but keeps the keyset comparable)
		String key = byDeadline
				? "coalesce(CASE WHEN state IN ('SUBMITTED','RETURNED') THEN accept_due_at ELSE reply_due_at END, 'infinity')"
				: "submitted_at";
		String keyset = "";
		if (after != null && !after.isBlank()) {
			int comma = after.lastIndexOf(',');
			Instant t;
			UUID id;
			try {
				t = Instant.parse(after.substring(0, comma));
				id = UUID.fromString(after.substring(comma + 1));
			}
			catch (RuntimeException e) {
				throw new IllegalArgumentException("after: a cursor from the previous page's next");
			}
			params.put("afterKey", Timestamp.from(t));
			params.put("afterId", id);
			keyset = byDeadline ? " AND (" + key + ", id) > (:afterKey, :afterId)"
					: " AND (submitted_at < :afterKey OR (submitted_at = :afterKey AND id > :afterId))";
		}
		String order = byDeadline ? key + ", id" : "submitted_at DESC, id";
		String sql = "SELECT *, " + key + " AS page_key FROM workorder_order WHERE " + cond + keyset + " ORDER BY " + order
				+ " LIMIT :limit OFFSET :offset";
		String street = staffScope ? streetOf(j) : null;
		if (street != null) {
			// One street: its orders sit under many node codes, so the territory index does not give them
			// newest first and a deep page sorted the street's whole list. The street's own branch walks
			// workorder_order_street_submitted_idx (V60) in order; the viewer's own requests are the other
			// branch; UNION drops an order that is in both.
			String rest = others.isEmpty() ? "" : " AND " + String.join(" AND ", others);
			String branch = "(SELECT *, " + key + " AS page_key FROM workorder_order WHERE %s" + rest + keyset + " ORDER BY "
					+ order + " LIMIT :limit + :offset)";
			sql = "SELECT * FROM (" + branch.formatted("workorder_street_key(territory_code) = '" + street
					+ "' AND territory_code LIKE '" + street.substring(0, Indicators.STREET_PREFIX) + "%'") + " UNION "
					+ branch.formatted("requester_id = :scopeOwner") + ") u ORDER BY "
					+ (byDeadline ? "page_key, id" : "submitted_at DESC, id") + " LIMIT :limit OFFSET :offset";
		}
		List<Map.Entry<Summary, Instant>> rows = jdbc.sql(sql)
			.params(params)
			.param("limit", size + 1)
			.param("offset", (long) page * size)
			.query((rs, n) -> (Map.Entry<Summary, Instant>) new java.util.AbstractMap.SimpleImmutableEntry<>(summary(rs, n),
					instant(rs, "page_key")))
			.list();
		String next = null;
		if (rows.size() > size) {
			rows = rows.subList(0, size);
			Map.Entry<Summary, Instant> last = rows.get(size - 1);
			next = last.getValue() + "," + last.getKey().id();
		}
		return new Page(rows.stream().map(Map.Entry::getKey).toList(), page, size, Math.min(counted, COUNT_CAP),
				counted > COUNT_CAP, next);
	}

	/**
	 * The capped count of a list. A staff scope "these territory prefixes, or the viewer's own
	 * requests" is counted as two parts: the prefixes (a range of an index on territory codes, so the
	 * count reads only index entries: V82's indexes for the queues and for a category) plus the
	 * viewer's own requests outside them. Counted as one condition, the OR made the planner fetch
	 * every matching order from the table, up to the cap: 0.5 s for a busy street's queue.
	 */
	private static String countSql(String literal, String cond, List<String> others) {
		String cap = " LIMIT " + (COUNT_CAP + 1) + ") c";
		if (literal == null) {
			return "SELECT count(*) FROM (SELECT 1 FROM workorder_order WHERE " + cond + cap;
		}
		String rest = others.isEmpty() ? "" : " AND " + String.join(" AND ", others);
		return "SELECT (SELECT count(*) FROM (SELECT 1 FROM workorder_order WHERE " + literal + rest + cap + ")"
				+ " + (SELECT count(*) FROM (SELECT 1 FROM workorder_order WHERE requester_id = :scopeOwner AND NOT "
				+ literal + rest + cap + ")";
	}

	/**
	 * The staff scope with its territory prefixes written into the SQL (digits only, checked) so that the
	 * planner can range-scan the territory index; the bound-array form (LIKE ANY) cannot use it.
	 */
	private String scopeCondition(Jurisdiction j, String literal, Map<String, Object> params) {
		if (literal == null) {
			JurisdictionScope.SqlFilter sf = scope.sqlFilterOrOwner("territory_code", "requester_id");
			params.putAll(sf.params());
			return sf.condition();
		}
		params.put("scopeOwner", j.userId() == null ? new UUID(0, 0) : j.userId());
		return "(" + literal + " OR requester_id = :scopeOwner)";
	}

	/** The street code (330102014000) when the staff scope is exactly one street/town, else null. */
	static String streetOf(Jurisdiction j) {
		List<String> p = j.likePatterns();
		if (p.size() != 1 || Indicators.literalScope(p, "territory_code") == null
				|| p.get(0).length() != Indicators.STREET_PREFIX + 1) {
			return null;
		}
		return p.get(0).substring(0, Indicators.STREET_PREFIX) + "000";
	}

	static Summary summary(ResultSet rs, int n) throws SQLException {
		return new Summary(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("category_code"),
				rs.getString("description"), WorkOrderState.valueOf(rs.getString("state")),
				Priority.valueOf(rs.getString("priority")), rs.getString("territory_code"),
				rs.getString("responsible_unit"), instant(rs, "submitted_at"), instant(rs, "accept_due_at"),
				instant(rs, "reply_due_at"), rs.getBoolean("due_soon"), rs.getBoolean("overdue"),
				rs.getBoolean("supervised"), rs.getInt("escalation_level"), (Double) rs.getObject("lat"),
				(Double) rs.getObject("lng"));
	}

	public List<WorkOrderUpdate> timeline(UUID id) {
		return jdbc.sql("""
				SELECT u.id, u.work_order_id, o.number, u.at, u.state, u.action, u.public_text
				FROM workorder_update u JOIN workorder_order o ON o.id = u.work_order_id
				WHERE u.work_order_id = :id ORDER BY u.id""").param("id", id).query(WorkOrderQueries::update).list();
	}

	public List<WorkOrderUpdate> updatesBetween(Instant from, Instant to, int limit) {
		return jdbc.sql("""
				SELECT u.id, u.work_order_id, o.number, u.at, u.state, u.action, u.public_text
				FROM workorder_update u JOIN workorder_order o ON o.id = u.work_order_id
				WHERE u.at >= :from AND u.at < :to ORDER BY u.at, u.id LIMIT :limit""")
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.param("limit", Math.max(1, Math.min(limit, 10_000)))
			.query(WorkOrderQueries::update)
			.list();
	}

	private static WorkOrderUpdate update(ResultSet rs, int n) throws SQLException {
		return new WorkOrderUpdate(rs.getLong("id"), new WorkOrderId(rs.getObject("work_order_id", UUID.class)),
				rs.getString("number"), instant(rs, "at"), WorkOrderState.valueOf(rs.getString("state")),
				rs.getString("action"), rs.getString("public_text"));
	}

	public List<UUID> submittedBetween(Instant from, Instant to, String categoryCode, Boolean open, int limit) {
		String sql = "SELECT id FROM workorder_order WHERE submitted_at >= :from AND submitted_at < :to"
				+ (categoryCode != null ? " AND category_code = :cat" : "")
				+ (open == null ? "" : open ? " AND state IN " + OPEN_STATES : " AND state NOT IN " + OPEN_STATES)
				+ " ORDER BY submitted_at DESC LIMIT :limit";
		var spec = jdbc.sql(sql)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.param("limit", Math.max(1, Math.min(limit, 10_000)));
		if (categoryCode != null) {
			spec = spec.param("cat", categoryCode);
		}
		return spec.query(UUID.class).list();
	}

	public List<Note> notes(UUID id) {
		return jdbc.sql("SELECT id, at, author, text FROM workorder_note WHERE work_order_id = :id ORDER BY id")
			.param("id", id)
			.query((rs, n) -> new Note(rs.getLong(1), instant(rs, "at"), rs.getString(3), rs.getString(4)))
			.list();
	}

	/**
	 * The (at most) {@value #NEARBY_LIMIT} open orders of the same category nearest to a place within
	 * {@code meters} (Haversine), nearest first, then oldest first: proposed by the
	 * {@link OpenOrderIndex} and read back here ({@link #NEARBY_ROWS}), so only orders still open in
	 * that category are shown; the index forgets the others.
	 */
	public List<Nearby> nearbyOpen(String categoryCode, double lat, double lng, double meters, UUID exclude) {
		List<OpenOrderGrid.Hit> hits = openOrders.nearest(categoryCode, lat, lng, meters, NEARBY_LIMIT, exclude);
		if (hits.isEmpty()) {
			return List.of();
		}
		Map<UUID, Open> rows = new HashMap<>();
		jdbc.sql(NEARBY_ROWS).param("q", ids(List.of(hits))).query(rs -> {
			Open o = open(rs, 1);
			rows.put(o.id(), o);
		});
		return confirmed(categoryCode, hits, rows);
	}

	/**
	 * The ids of the orders proposed for some places, each once, as the parameter {@code :q} of
	 * {@link #NEARBY_ROWS}: in a batch, orders of a category filed near each other are proposed the
	 * same open orders, which are read once.
	 */
	static String[] ids(Collection<List<OpenOrderGrid.Hit>> proposals) {
		Set<UUID> ids = new LinkedHashSet<>();
		for (List<OpenOrderGrid.Hit> hits : proposals) {
			for (OpenOrderGrid.Hit h : hits) {
				ids.add(h.id());
			}
		}
		return ids.stream().map(UUID::toString).toArray(String[]::new);
	}

	/**
	 * The proposals that the database confirmed ({@code rows}, by id: open, and still in the
	 * category), in the index's order, each at the distance the index measured; those it did not
	 * (closed, merged or recategorised since, by another instance or by hand) are forgotten.
	 */
	List<Nearby> confirmed(String categoryCode, List<OpenOrderGrid.Hit> hits, Map<UUID, Open> rows) {
		List<Nearby> out = new ArrayList<>(hits.size());
		for (OpenOrderGrid.Hit h : hits) {
			Open n = rows.get(h.id());
			if (n == null || !n.categoryCode().equals(categoryCode)) {
				openOrders.forget(h, categoryCode);
			}
			else {
				out.add(new Nearby(n.id(), n.number(), n.description(), n.state(), (int) Math.round(h.meters())));
			}
		}
		return List.copyOf(out);
	}

	/** An open order read back by {@link #NEARBY_ROWS}. */
	record Open(UUID id, String number, String description, WorkOrderState state, String categoryCode) {
	}

	/**
	 * Reads back the proposed orders that are still open: {@code :q} is an array of their ids (as
	 * {@link #ids} gives it); whether each is still in the category it was proposed for is checked
	 * in {@link #confirmed}. Its columns, as {@link #open} reads them from the first: id, number,
	 * description, state and category. The intake runs it inside the statement that stores a batch,
	 * whose plan is generic ({@link WorkOrderService}); an array of ids is one index scan, where the
	 * JSON records it replaced ({k, id, distance, category} for every proposal) were parsed and
	 * joined one by one: with ten proposals an order, the read-back was a sixth of PostgreSQL's CPU
	 * in the intake benchmark.
	 */
	static final String NEARBY_ROWS = """
			SELECT n.id, n.number, n.description, n.state, n.category_code
			FROM workorder_order n
			WHERE n.id = ANY (CAST(CAST(:q AS text[]) AS uuid[])) AND n.state IN """ + OPEN_STATES;

	/** A row of {@link #NEARBY_ROWS} whose id is the column at {@code first}. */
	static Open open(ResultSet rs, int first) throws SQLException {
		return new Open(rs.getObject(first, UUID.class), rs.getString(first + 1), rs.getString(first + 2),
				WorkOrderState.valueOf(rs.getString(first + 3)), rs.getString(first + 4));
	}

	static final int NEARBY_LIMIT = 10;

	public record Attachment(UUID id, UUID workOrderId, String sha256, String contentType, long size, String filename,
			String purpose, Instant createdAt) {
	}

	public List<Attachment> attachments(UUID orderId) {
		return jdbc.sql("SELECT * FROM workorder_attachment WHERE work_order_id = :id ORDER BY created_at")
			.param("id", orderId)
			.query((rs, n) -> new Attachment(rs.getObject("id", UUID.class), rs.getObject("work_order_id", UUID.class),
					rs.getString("sha256"), rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("filename"),
					rs.getString("purpose"), instant(rs, "created_at")))
			.list();
	}

	static Instant instant(ResultSet rs, String col) throws SQLException {
		Timestamp t = rs.getTimestamp(col);
		return t == null ? null : t.toInstant();
	}
}
