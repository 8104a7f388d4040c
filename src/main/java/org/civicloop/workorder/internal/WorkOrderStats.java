package org.civicloop.workorder.internal;

import java.sql.Date;
import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance of the roll-up {@code workorder_daily_stats}. Day-to-day it is kept by the trigger of
 * V10 in the transaction of each change; {@link #rebuild} recomputes a period from the orders (after a
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
	 * so no change is counted twice or lost. Returns the number of roll-up rows written.
	 */
	@Transactional
	public int rebuild(LocalDate from, LocalDate to) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
		jdbc.sql("LOCK TABLE workorder_daily_stats IN SHARE ROW EXCLUSIVE MODE").update();
		jdbc.sql("DELETE FROM workorder_daily_stats WHERE day >= :from AND day < :to")
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.update();
		return jdbc.sql("INSERT INTO workorder_daily_stats " + REBUILD_SELECT)
			.param("from", from.toString())
			.param("to", to.toString())
			.update();
	}
}
