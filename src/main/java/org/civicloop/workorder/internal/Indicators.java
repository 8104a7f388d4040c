package org.civicloop.workorder.internal;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 三率 for the orders received (submitted) on the days [from, to) (Asia/Shanghai), scoped to the
 * viewer's jurisdiction: response rate = accepted within the accept limit / received; resolution rate
 * = replied or closed / received (duplicates merged away are not received); satisfaction = rated ≥ 4 /
 * rated. Read from the roll-ups (kept by a trigger, see V10/V11/V60), never from the order table: the whole
 * months of a period from {@code workorder_monthly_stats}, its leftover days (and any "by day") from
 * {@code workorder_daily_stats}; a city-month aggregates roll-up rows found by territory prefix. When the
 * viewer's scope is a street or above, the street-grain tables ({@code workorder_street_*_stats}) give
 * the same figures from ≈ 3K rows a city-month instead of ≈ 10K–70K. {@link #scan} is the same
 * figure over the orders, for tests and the benchmark.
 */
@Component
public class Indicators {

	/** A rate is {@code null} when its denominator is 0 (shown as "–"). */
	public record Rates(String key, long received, long respondedInTime, long resolved, long rated, long satisfied,
			long accepted, long overdue) {

		public Double responseRate() {
			return received == 0 ? null : (double) respondedInTime / received;
		}

		public Double resolutionRate() {
			return received == 0 ? null : (double) resolved / received;
		}

		public Double satisfactionRate() {
			return rated == 0 ? null : (double) satisfied / rated;
		}

		Rates plus(Rates o, String k) {
			return new Rates(k, received + o.received, respondedInTime + o.respondedInTime, resolved + o.resolved,
					rated + o.rated, satisfied + o.satisfied, accepted + o.accepted, overdue + o.overdue);
		}
	}

	static final List<String> BY = List.of("total", "unit", "street", "territory", "day", "category");

	private static final String ROLLUP_MEASURES = """
			sum(received) AS received, sum(accepted_in_time) AS in_time, sum(resolved) AS resolved,
			sum(rated) AS rated, sum(satisfied) AS satisfied, sum(accepted) AS accepted, sum(overdue) AS overdue""";

	private static final String SCAN_MEASURES = """
			count(*) FILTER (WHERE state <> 'MERGED') AS received,
			count(*) FILTER (WHERE accepted_at IS NOT NULL AND accepted_at <= accept_due_at) AS in_time,
			count(*) FILTER (WHERE replied_at IS NOT NULL OR state IN ('REPLIED','RATED','CLOSED')) AS resolved,
			count(*) FILTER (WHERE rating IS NOT NULL) AS rated,
			count(*) FILTER (WHERE rating >= 4) AS satisfied,
			count(*) FILTER (WHERE accepted_at IS NOT NULL) AS accepted,
			count(*) FILTER (WHERE overdue) AS overdue""";

	private static final String NONZERO = """
			(sum(received) <> 0 OR sum(accepted_in_time) <> 0 OR sum(resolved) <> 0 OR sum(rated) <> 0
			OR sum(satisfied) <> 0 OR sum(accepted) <> 0 OR sum(overdue) <> 0)""";

	private static final String SCAN_NONZERO = "(count(*) FILTER (WHERE state <> 'MERGED' OR accepted_at IS NOT NULL"
			+ " OR replied_at IS NOT NULL OR state IN ('REPLIED','RATED','CLOSED') OR rating IS NOT NULL OR overdue) > 0)";

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final Territories territories;
	private final WorkOrderStats stats;

	public Indicators(JdbcClient jdbc, JurisdictionScope scope, Territories territories, WorkOrderStats stats) {
		this.jdbc = jdbc;
		this.scope = scope;
		this.territories = territories;
		this.stats = stats;
	}

	/** Kept for callers with instants: whole days of Asia/Shanghai containing [from, to). */
	public List<Rates> rates(Instant from, Instant to, String by) {
		return rates(LocalDate.ofInstant(from, WorkingCalendar.ZONE), LocalDate.ofInstant(to, WorkingCalendar.ZONE), by,
				null);
	}

	/**
	 * {@code by}: total, unit, street, territory (the children of {@code within}, or of the viewer's
	 * node), day or category. {@code within}: a territory code inside the jurisdiction, or null for all of it.
	 */
	public List<Rates> rates(LocalDate from, LocalDate to, String by, String within) {
		return query(from, to, by, within, false);
	}

	/** The same figures by scanning the orders (the definition the roll-up must equal). */
	public List<Rates> scan(LocalDate from, LocalDate to, String by, String within) {
		return query(from, to, by, within, true);
	}

	private List<Rates> query(LocalDate from, LocalDate to, String by, String within, boolean scan) {
		if (!BY.contains(by)) {
			throw new IllegalArgumentException("by: " + String.join(", ", BY));
		}
		if (!scan) {
			// the roll-ups lag the orders by the deltas not yet folded (V80): fold them, then read
			stats.foldPending();
		}
		String day = scan ? "(submitted_at AT TIME ZONE 'Asia/Shanghai')::date" : "day";
		String key = switch (by) {
			case "total" -> "'total'";
			case "unit" -> scan ? "coalesce(responsible_unit, '')" : "unit";
			case "street" -> "substring(territory_code, 1, 9) || '000'";
			case "territory" -> "territory_code";
			case "day" -> "to_char(" + day + ", 'YYYY-MM-DD')";
			default -> "category_code";
		};
		JurisdictionScope.SqlFilter f = scope.sqlFilter("territory_code");
		Map<String, Object> params = new HashMap<>(f.params());
		String literal = literalScope(scope.current().likePatterns(), "territory_code");
		String cond = literal != null ? literal : f.condition();
		if (within != null && !within.isBlank()) {
			TerritoryCode code = TerritoryCode.of(within);
			scope.require(code);
			cond += " AND territory_code LIKE :within";
			params.put("within", code.scopePrefix() + "%");
		}
		// Whole months [m1, m2) from the monthly roll-up, the leftover days [from, m1) and [m2, to) from
		// the daily one (by day: the daily one only). No whole month: m1 = m2 = from, all days daily.
		LocalDate m1 = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
		LocalDate m2 = to.withDayOfMonth(1);
		if (scan || by.equals("day") || !m1.isBefore(m2)) {
			m1 = from;
			m2 = from;
		}
		// the street-grain roll-ups (V60) when they give the same answer: every prefix of the scope (and
		// of within) at street level or above, and "by territory" only where the children are streets
		// or districts (inside a street they are communities, which the street grain has folded away)
		boolean coarse = !scan && literal != null && prefixesAtMost(scope.current().likePatterns(), STREET_PREFIX)
				&& (within == null || within.isBlank() || TerritoryCode.of(within).scopePrefix().length() <= STREET_PREFIX)
				&& (!by.equals("territory") || territoryParentAboveStreet(within));
		String daily = coarse ? "workorder_street_daily_stats" : "workorder_daily_stats";
		String monthly = coarse ? "workorder_street_monthly_stats" : "workorder_monthly_stats";
		String source;
		if (scan) {
			source = "workorder_order WHERE " + cond + " AND " + day + " >= :from AND " + day + " < :to";
		}
		else if (m1.equals(m2)) {
			source = daily + " WHERE " + cond + " AND day >= :from AND day < :to";
		}
		else {
			String cols = "territory_code, unit, category_code, received, accepted_in_time, resolved, rated, satisfied,"
					+ " accepted, overdue";
			source = "(SELECT " + cols + " FROM " + monthly + " WHERE " + cond
					+ " AND month >= :m1 AND month < :m2 UNION ALL SELECT " + cols + " FROM " + daily + " WHERE "
					+ cond + " AND ((day >= :from AND day < :m1) OR (day >= :m2 AND day < :to))) s";
		}
		String sql = "SELECT " + key + " AS k, " + (scan ? SCAN_MEASURES : ROLLUP_MEASURES) + " FROM " + source
				+ " GROUP BY 1"
				// a key whose orders all moved away keeps a roll-up row of zeros; neither side shows empty keys
				+ " HAVING " + (scan ? SCAN_NONZERO : NONZERO) + " ORDER BY 1";
		List<Rates> rows = jdbc.sql(sql)
			.params(params)
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.param("m1", Date.valueOf(m1))
			.param("m2", Date.valueOf(m2))
			.query((rs, n) -> new Rates(rs.getString("k"), rs.getLong("received"), rs.getLong("in_time"),
					rs.getLong("resolved"), rs.getLong("rated"), rs.getLong("satisfied"), rs.getLong("accepted"),
					rs.getLong("overdue")))
			.list();
		if (by.equals("unit")) {
			return rows.stream().map(r -> r.key().isEmpty() ? r.plus(empty(""), "—") : r).toList();
		}
		return by.equals("territory") ? byChild(rows, within) : rows;
	}

	/** Digits of a street/town's scope prefix (330102014): the grain of the street roll-ups. */
	static final int STREET_PREFIX = 9;

	static boolean prefixesAtMost(List<String> likePatterns, int digits) {
		return !likePatterns.isEmpty() && likePatterns.stream().allMatch(p -> p.length() - 1 <= digits);
	}

	/** Whether the node whose children "by territory" shows lies above street level (or is not one node). */
	private boolean territoryParentAboveStreet(String within) {
		List<TerritoryCode> roots = scope.current().roots().stream().sorted().toList();
		TerritoryCode parent = within != null && !within.isBlank() ? TerritoryCode.of(within)
				: roots.size() == 1 ? roots.get(0) : null;
		return parent == null ? prefixesAtMost(scope.current().likePatterns(), STREET_PREFIX)
				: parent.scopePrefix().length() < STREET_PREFIX;
	}

	private static final java.util.regex.Pattern DIGITS_PREFIX = java.util.regex.Pattern.compile("[0-9]{1,24}%");

	/**
	 * The scope's prefixes written into the SQL ({@code column LIKE '330102014%' OR …}), digits only
	 * (checked, else null): the planner range-scans the territory indexes for a literal prefix, not for
	 * the bound array of {@code LIKE ANY (:patterns)}.
	 */
	static String literalScope(List<String> patterns, String column) {
		if (patterns.isEmpty() || !patterns.stream().allMatch(p -> DIGITS_PREFIX.matcher(p).matches())) {
			return null;
		}
		return "(" + String.join(" OR ", patterns.stream().map(p -> column + " LIKE '" + p + "'").toList()) + ")";
	}

	/** The period's totals; all zero (rates null) when nothing was received. */
	public Rates total(LocalDate from, LocalDate to, String within) {
		List<Rates> r = rates(from, to, "total", within);
		return r.isEmpty() ? empty("total") : r.get(0);
	}

	static Rates empty(String key) {
		return new Rates(key, 0, 0, 0, 0, 0, 0, 0);
	}

	/** Rows per order node folded into the children of the node looked at (orders on the node itself keep its code). */
	private List<Rates> byChild(List<Rates> perNode, String within) {
		List<String> prefixes = new ArrayList<>();
		List<TerritoryCode> roots = scope.current().roots().stream().sorted().toList();
		TerritoryCode parent = within != null && !within.isBlank() ? TerritoryCode.of(within)
				: roots.size() == 1 ? roots.get(0) : null;
		if (parent != null) {
			territories.children(parent).forEach(c -> prefixes.add(c.code()));
		}
		else {
			roots.forEach(r -> prefixes.add(r.value()));
		}
		Map<String, Rates> out = new LinkedHashMap<>();
		for (Rates r : perNode) {
			String k = r.key();
			for (String p : prefixes) {
				if (TerritoryCode.of(k).isWithin(TerritoryCode.of(p))) {
					k = p;
					break;
				}
			}
			String key = k;
			out.merge(key, r.plus(empty(key), key), (a, b) -> a.plus(b, key));
		}
		return out.values().stream().sorted(java.util.Comparator.comparing(Rates::key)).toList();
	}
}
