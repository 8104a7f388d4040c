package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.civicloop.shared.JurisdictionScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 三率 computed from the orders received in a period, scoped to the viewer's jurisdiction:
 * response rate = accepted within the accept limit / received; resolution rate = replied or
 * closed / received (duplicates merged away do not count); satisfaction = rated ≥ 4 / rated.
 * A full scan of the period's rows: fine for the demo, roll-ups are the next step for 10M rows.
 */
@Component
public class Indicators {

	public record Rates(String key, long received, long respondedInTime, long resolved, long rated, long satisfied) {

		public double responseRate() {
			return received == 0 ? 0 : (double) respondedInTime / received;
		}

		public double resolutionRate() {
			return received == 0 ? 0 : (double) resolved / received;
		}

		public double satisfactionRate() {
			return rated == 0 ? 0 : (double) satisfied / rated;
		}
	}

	private static final String MEASURES = """
			count(*) FILTER (WHERE state <> 'MERGED') AS received,
			count(*) FILTER (WHERE accepted_at IS NOT NULL AND accepted_at <= accept_due_at) AS in_time,
			count(*) FILTER (WHERE replied_at IS NOT NULL OR state IN ('REPLIED','RATED','CLOSED')) AS resolved,
			count(*) FILTER (WHERE rating IS NOT NULL) AS rated,
			count(*) FILTER (WHERE rating >= 4) AS satisfied""";

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;

	Indicators(JdbcClient jdbc, JurisdictionScope scope) {
		this.jdbc = jdbc;
		this.scope = scope;
	}

	/** {@code by}: total, unit, street, day or category. */
	public List<Rates> rates(Instant from, Instant to, String by) {
		String key = switch (by) {
			case "total" -> "'total'";
			case "unit" -> "coalesce(responsible_unit, '—')";
			case "street" -> "substring(territory_code, 1, 9) || '000'";
			case "day" -> "to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')";
			case "category" -> "category_code";
			default -> throw new IllegalArgumentException("by: total, unit, street, day or category");
		};
		JurisdictionScope.SqlFilter f = scope.sqlFilter("territory_code");
		return jdbc.sql("SELECT " + key + " AS k, " + MEASURES + " FROM workorder_order WHERE " + f.condition()
				+ " AND submitted_at >= :from AND submitted_at < :to GROUP BY 1 ORDER BY 1")
			.params(f.params())
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, n) -> new Rates(rs.getString("k"), rs.getLong("received"), rs.getLong("in_time"),
					rs.getLong("resolved"), rs.getLong("rated"), rs.getLong("satisfied")))
			.list();
	}
}
