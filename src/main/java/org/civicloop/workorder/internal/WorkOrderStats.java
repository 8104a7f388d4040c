package org.civicloop.workorder.internal;

import java.sql.Date;
import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance of the roll-ups {@code workorder_daily_stats} and {@code workorder_monthly_stats}. Day-to-day
 * they are kept by the trigger of V10 (V11) in the transaction of each change; {@link #rebuild} recomputes a period from the orders (after a
 * bulk load, a restore, or to prove it right).
 */
@Component
public class WorkOrderStats {

	static final String REBUILD_SELECT = """
			SELECT (submitted_at AT TIME ZONE 'Asia/Shanghai')::date, territory_code, coalesce(responsible_unit, ''),
			  category_code, sum(m[1]), sum(m[2]), sum(m[3]), sum(m[4]), sum(m[5]), sum(m[6]), sum(m[7])
			FROM (SELECT o.*, workorder_stats_measures(o) AS m FROM workorder_order o
			      WHERE submitted_at >= (CAST(:from AS timestamp) AT TIME ZONE 'Asia/Shanghai')
			        AND submitted_at < (CAST(:to AS timestamp) AT TIME ZONE 'Asia/Shanghai')) x
			GROUP BY 1, 2, 3, 4""";

	private final JdbcClient jdbc;

	WorkOrderStats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Recomputes the days [from, to). The table lock waits for transactions that are changing orders
	 * (their trigger holds a row lock on the roll-up) and holds new ones back until the rebuild commits,
	 * so no change is counted twice or lost. The months touched by [from, to) are then recomputed whole
	 * from the daily rows. Returns the number of daily roll-up rows written.
	 */
	@Transactional
	public int rebuild(LocalDate from, LocalDate to) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
		jdbc.sql("LOCK TABLE workorder_daily_stats, workorder_monthly_stats, workorder_street_daily_stats,"
				+ " workorder_street_monthly_stats IN SHARE ROW EXCLUSIVE MODE").update();
		jdbc.sql("DELETE FROM workorder_daily_stats WHERE day >= :from AND day < :to")
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.update();
		int rows = jdbc.sql("INSERT INTO workorder_daily_stats " + REBUILD_SELECT)
			.param("from", from.toString())
			.param("to", to.toString())
			.update();
		// the months touched, whole, from the daily rows (days outside [from, to) were kept by the trigger)
		LocalDate m1 = from.withDayOfMonth(1);
		LocalDate m2 = to.minusDays(1).withDayOfMonth(1).plusMonths(1);
		jdbc.sql("DELETE FROM workorder_monthly_stats WHERE month >= :from AND month < :to")
			.param("from", Date.valueOf(m1))
			.param("to", Date.valueOf(m2))
			.update();
		jdbc.sql(MONTHLY_FROM_DAILY).param("from", Date.valueOf(m1)).param("to", Date.valueOf(m2)).update();
		// the street grain of the same months, whole, from the daily rows
		jdbc.sql("DELETE FROM workorder_street_daily_stats WHERE day >= :from AND day < :to")
			.param("from", Date.valueOf(m1))
			.param("to", Date.valueOf(m2))
			.update();
		jdbc.sql("DELETE FROM workorder_street_monthly_stats WHERE month >= :from AND month < :to")
			.param("from", Date.valueOf(m1))
			.param("to", Date.valueOf(m2))
			.update();
		jdbc.sql(STREET_FROM_DAILY.formatted("workorder_street_daily_stats", "day"))
			.param("from", Date.valueOf(m1))
			.param("to", Date.valueOf(m2))
			.update();
		jdbc.sql(STREET_FROM_DAILY.formatted("workorder_street_monthly_stats", "date_trunc('month', day)::date"))
			.param("from", Date.valueOf(m1))
			.param("to", Date.valueOf(m2))
			.update();
		return rows;
	}

	static final String MONTHLY_FROM_DAILY = """
			INSERT INTO workorder_monthly_stats
			SELECT date_trunc('month', day)::date, territory_code, unit, category_code, sum(received), sum(accepted),
			  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
			FROM workorder_daily_stats WHERE day >= :from AND day < :to GROUP BY 1, 2, 3, 4""";

	static final String STREET_FROM_DAILY = """
			INSERT INTO %s
			SELECT %s, workorder_street_key(territory_code), unit, category_code, sum(received), sum(accepted),
			  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
			FROM workorder_daily_stats WHERE day >= :from AND day < :to GROUP BY 1, 2, 3, 4""";
}
