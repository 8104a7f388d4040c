package org.civicloop.workorder.internal;

import java.sql.Date;
import java.time.LocalDate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maintenance of the roll-ups ({@code workorder_daily_stats}, {@code workorder_monthly_stats} and the
 * street grain of V60). Every change of an order appends its contribution to
 * {@code workorder_stats_delta} at commit (the trigger of V10, V80), or, for the orders the intake
 * files, in the intake's own statement (V89); {@link #foldPending} adds the
 * pending deltas to the roll-ups, on a short schedule and before every read, so readers always see
 * every committed change. {@link #rebuild} recomputes a period from the orders (after a bulk load, a
 * restore, or to prove it right).
 */
@Component
public class WorkOrderStats {

	/**
	 * Orders summed into roll-up rows (day in Beijing time, territory, unit, category, the seven
	 * measures), over rows with the order's columns and {@code m = workorder_stats_measures(order)};
	 * grouped {@code BY 1, 2, 3, 4}. The rebuild and the intake's own deltas share it, so that both
	 * put an order on the same day.
	 */
	static final String GROUPED = """
			(submitted_at AT TIME ZONE 'Asia/Shanghai')::date, territory_code, coalesce(responsible_unit, ''),
			  category_code, sum(m[1]), sum(m[2]), sum(m[3]), sum(m[4]), sum(m[5]), sum(m[6]), sum(m[7])""";

	static final String REBUILD_SELECT = "SELECT " + GROUPED + "\n" + """
			FROM (SELECT o.*, workorder_stats_measures(o) AS m FROM workorder_order o
			      WHERE submitted_at >= (CAST(:from AS timestamp) AT TIME ZONE 'Asia/Shanghai')
			        AND submitted_at < (CAST(:to AS timestamp) AT TIME ZONE 'Asia/Shanghai')) x
			GROUP BY 1, 2, 3, 4""";

	/** The advisory lock key that serialises folds (workorder_stats_fold, V80). */
	static final long FOLD_LOCK = 7212026;

	private final JdbcClient jdbc;
	/** A transaction of the fold's own: writable even when the reader's is read-only. */
	private final TransactionOperations newTransaction;

	@Autowired
	WorkOrderStats(JdbcClient jdbc, PlatformTransactionManager txManager) {
		this(jdbc, requiresNew(txManager));
	}

	/** For a caller without Spring's transactions (the dashboard benchmark): {@code TransactionOperations.withoutTransaction()}. */
	WorkOrderStats(JdbcClient jdbc, TransactionOperations newTransaction) {
		this.jdbc = jdbc;
		this.newTransaction = newTransaction;
	}

	private static TransactionTemplate requiresNew(PlatformTransactionManager txManager) {
		TransactionTemplate t = new TransactionTemplate(txManager);
		t.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return t;
	}

	/**
	 * Adds the committed deltas to the roll-ups. Returns the number of delta rows folded. Every
	 * dashboard read calls this, and most find nothing: the look is one statement where the caller
	 * already is (its transaction or none), and a transaction of the fold's own is opened only when
	 * there is something to fold.
	 */
	public long foldPending() {
		if (!jdbc.sql("SELECT EXISTS (SELECT 1 FROM workorder_stats_delta)").query(Boolean.class).single()) {
			return 0;
		}
		Long folded = newTransaction.execute(status -> jdbc.sql("SELECT workorder_stats_fold()").query(Long.class).single());
		return folded == null ? 0 : folded;
	}

	/** Keeps the delta table short, so that a reader's fold is small. */
	@Scheduled(initialDelayString = "${civicloop.workorder.rollup-fold-ms:1000}",
			fixedDelayString = "${civicloop.workorder.rollup-fold-ms:1000}")
	void foldOnSchedule() {
		foldPending();
	}

	/**
	 * Recomputes the days [from, to). The lock on the delta table waits for transactions that have
	 * appended deltas (the trigger at commit, the intake in its statement) and holds new ones back until
	 * the rebuild commits; the pending deltas are folded first, so that none of them is counted again
	 * on top of the recomputed days. No change is counted twice or lost. The months touched by [from,
	 * to) are then recomputed whole from the daily rows. Returns the number of daily roll-up rows written.
	 */
	@Transactional
	public int rebuild(LocalDate from, LocalDate to) {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to");
		}
		// the fold's lock first, as a fold takes it, so that a concurrent fold cannot wait on the table
		// lock below while holding the advisory one this rebuild needs (a deadlock)
		jdbc.sql("SELECT pg_advisory_xact_lock(" + FOLD_LOCK + ")").query().singleValue();
		jdbc.sql("LOCK TABLE workorder_stats_delta, workorder_daily_stats, workorder_monthly_stats,"
				+ " workorder_street_daily_stats, workorder_street_monthly_stats IN SHARE ROW EXCLUSIVE MODE").update();
		jdbc.sql("SELECT workorder_stats_fold()").query(Long.class).single();
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
