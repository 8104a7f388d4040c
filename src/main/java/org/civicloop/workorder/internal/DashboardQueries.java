package org.civicloop.workorder.internal;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.workorder.WorkOrderState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The leader dashboard's reads over the orders themselves: the hotspot points and the drill-down list
 * behind every count. Both take the same period (days [from, to), Asia/Shanghai, of submission) and the
 * same measure definitions as {@link Indicators#scan}, so that the list a count links to has that many
 * rows. Always scoped to the viewer's jurisdiction, never to the requester (a resident's own orders
 * outside the jurisdiction are not the leader's to see here).
 */
@Component
public class DashboardQueries {

	public static final int MAX_POINTS = 500;

	/** The counts a drill-down can open; the same conditions as the 三率 figures. */
	public static final Map<String, String> MEASURES = Map.of(
			"received", "state <> 'MERGED'",
			"responded", "accepted_at IS NOT NULL AND accepted_at <= accept_due_at",
			"resolved", "(replied_at IS NOT NULL OR state IN ('REPLIED','RATED','CLOSED'))",
			"rated", "rating IS NOT NULL",
			"satisfied", "rating >= 4",
			"overdue", "overdue");

	/**
	 * What a drill-down asks for; null fields do not filter. {@code exact}: only orders filed on the
	 * territory node itself (the dashboard's "this level" row), not in its subtree.
	 */
	public record Drill(java.time.LocalDate from, java.time.LocalDate to, String territory, String category, String unit,
			String measure, boolean exact) {

		public Drill(java.time.LocalDate from, java.time.LocalDate to, String territory, String category, String unit,
				String measure) {
			this(from, to, territory, category, unit, measure, false);
		}
	}

	public record Point(UUID id, String number, String categoryCode, WorkOrderState state, double lat, double lng) {
	}

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;

	public DashboardQueries(JdbcClient jdbc, JurisdictionScope scope) {
		this.jdbc = jdbc;
		this.scope = scope;
	}

	/** The period's orders with coordinates inside the node, newest first, at most {@link #MAX_POINTS}. */
	public List<Point> points(java.time.LocalDate from, java.time.LocalDate to, String territory) {
		Map<String, Object> params = new HashMap<>();
		String cond = where(new Drill(from, to, territory, null, null, "received"), params);
		return jdbc.sql("SELECT id, number, category_code, state, lat, lng FROM workorder_order WHERE " + cond
				+ " AND lat IS NOT NULL AND lng IS NOT NULL ORDER BY submitted_at DESC, id LIMIT " + MAX_POINTS)
			.params(params)
			.query((rs, n) -> new Point(rs.getObject("id", UUID.class), rs.getString("number"),
					rs.getString("category_code"), WorkOrderState.valueOf(rs.getString("state")), rs.getDouble("lat"),
					rs.getDouble("lng")))
			.list();
	}

	/** The orders behind one count, newest first. */
	public WorkOrderQueries.Page list(Drill d, int page, int size) {
		Map<String, Object> params = new HashMap<>();
		String cond = where(d, params);
		long total = jdbc.sql("SELECT count(*) FROM workorder_order WHERE " + cond).params(params).query(Long.class).single();
		List<WorkOrderQueries.Summary> items = jdbc.sql("SELECT * FROM workorder_order WHERE " + cond
				+ " ORDER BY submitted_at DESC, id LIMIT :limit OFFSET :offset")
			.params(params)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(WorkOrderQueries::summary)
			.list();
		return new WorkOrderQueries.Page(items, page, size, total, false, null);
	}

	private String where(Drill d, Map<String, Object> params) {
		List<String> where = new ArrayList<>();
		JurisdictionScope.SqlFilter f = scope.sqlFilter("territory_code");
		where.add(f.condition());
		params.putAll(f.params());
		if (d.territory() != null && !d.territory().isBlank()) {
			TerritoryCode code = TerritoryCode.of(d.territory());
			scope.require(code);
			if (d.exact()) {
				where.add("territory_code = :node");
				params.put("node", code.value());
			}
			else {
				where.add("territory_code LIKE :within");
				params.put("within", code.scopePrefix() + "%");
			}
		}
		String day = "(submitted_at AT TIME ZONE 'Asia/Shanghai')::date";
		if (d.from() != null) {
			where.add(day + " >= :from");
			params.put("from", Date.valueOf(d.from()));
		}
		if (d.to() != null) {
			where.add(day + " < :to");
			params.put("to", Date.valueOf(d.to()));
		}
		if (d.category() != null && !d.category().isBlank()) {
			where.add("category_code = :cat");
			params.put("cat", d.category());
		}
		if (d.unit() != null && !d.unit().isBlank()) {
			// "—" is how the unit table shows orders without a unit
			if (d.unit().equals("—")) {
				where.add("responsible_unit IS NULL");
			}
			else {
				where.add("responsible_unit = :unit");
				params.put("unit", d.unit());
			}
		}
		String measure = d.measure() == null || d.measure().isBlank() ? "received" : d.measure();
		if (!MEASURES.containsKey(measure)) {
			throw new IllegalArgumentException("measure: " + String.join(", ", MEASURES.keySet()));
		}
		// exactly the roll-up's condition for that column, so the list has as many rows as the count shows
		where.add(MEASURES.get(measure));
		return String.join(" AND ", where);
	}
}
