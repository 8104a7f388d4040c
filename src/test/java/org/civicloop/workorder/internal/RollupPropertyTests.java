package org.civicloop.workorder.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.CivicPrincipal;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.workorder.WorkOrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roll-up equals the naive aggregate over the orders, for random orders (fixed seed) loaded by
 * the bulk path, then changed, moved and deleted row by row through the trigger, then rebuilt; in
 * every grouping, for the whole city and inside a street, and for the other jurisdictions' view.
 */
@CivicLoopTest
class RollupPropertyTests {

	static final LocalDate END = LocalDate.of(2024, 1, 1);
	static final LocalDate FROM = END.minusDays(400);

	@Autowired
	GeneratorJob job;

	@Autowired
	Indicators indicators;

	@Autowired
	WorkOrderStats stats;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@AfterEach
	void cleanUp() {
		String generated = "SELECT id FROM workorder_order WHERE number LIKE 'G%' AND submitted_at < '2024-01-02'";
		for (String child : List.of("workorder_update", "workorder_note", "workorder_attachment")) {
			jdbc.sql("DELETE FROM " + child + " WHERE work_order_id IN (" + generated + ")").update();
		}
		jdbc.sql("DELETE FROM workorder_order WHERE number LIKE 'G%' AND submitted_at < '2024-01-02'").update();
		SecurityContextHolder.clearContext();
	}

	static void as(Role role, String... roots) {
		Set<TerritoryCode> r = new java.util.HashSet<>();
		for (String s : roots) {
			r.add(TerritoryCode.of(s));
		}
		CivicPrincipal p = () -> new Jurisdiction(UUID.randomUUID(), "t", Set.of(role), r);
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(p, null, "ROLE_" + role));
	}

	void assertSame() {
		// a district (its children are streets: the street roll-ups answer "by territory" too)
		assertSame(null, "330102014000", "330105", "330102");
	}

	void assertSame(String... withins) {
		for (String by : Indicators.BY) {
			for (String within : withins) {
				assertThat(indicators.rates(FROM, END.plusDays(1), by, within)).as(by + " within " + within)
					.isEqualTo(indicators.scan(FROM, END.plusDays(1), by, within));
			}
		}
		// a short period (a week) as well
		assertThat(indicators.rates(END.minusDays(40), END.minusDays(33), "day", null))
			.isEqualTo(indicators.scan(END.minusDays(40), END.minusDays(33), "day", null));
		// whole months from the monthly roll-up plus leftover days from the daily one, across month
		// boundaries: exactly one month, whole months only, month start to mid-month, mid to mid over
		// two boundaries, inside one month, and a leap-free February
		LocalDate[][] periods = { { LocalDate.of(2023, 9, 1), LocalDate.of(2023, 10, 1) },
				{ LocalDate.of(2023, 3, 1), LocalDate.of(2023, 7, 1) }, { LocalDate.of(2023, 5, 1), LocalDate.of(2023, 6, 17) },
				{ LocalDate.of(2023, 4, 13), LocalDate.of(2023, 6, 2) }, { LocalDate.of(2023, 8, 3), LocalDate.of(2023, 8, 29) },
				{ LocalDate.of(2023, 1, 31), LocalDate.of(2023, 3, 1) }, { LocalDate.of(2022, 12, 31), LocalDate.of(2024, 1, 1) } };
		for (LocalDate[] p : periods) {
			for (String by : List.of("total", "unit", "territory", "category")) {
				for (String within : withins) {
					assertThat(indicators.rates(p[0], p[1], by, within)).as(by + " within " + within + " " + p[0] + ".." + p[1])
						.isEqualTo(indicators.scan(p[0], p[1], by, within));
				}
			}
		}
		// and the monthly roll-up is exactly the daily one summed per month (both ways)
		String perMonth = """
				SELECT date_trunc('month', day)::date, territory_code, unit, category_code, sum(received), sum(accepted),
				  sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue)
				FROM workorder_daily_stats GROUP BY 1, 2, 3, 4""";
		String monthly = """
				SELECT month, territory_code, unit, category_code, received::bigint, accepted::bigint,
				  accepted_in_time::bigint, resolved::bigint, rated::bigint, satisfied::bigint, overdue::bigint
				FROM workorder_monthly_stats""";
		assertSameRows(perMonth, monthly);
		// the street grain (V60): the daily rows summed per street key, per day and per month
		String cols = "territory_code, unit, category_code, received::bigint, accepted::bigint, accepted_in_time::bigint,"
				+ " resolved::bigint, rated::bigint, satisfied::bigint, overdue::bigint";
		String sums = "workorder_street_key(territory_code), unit, category_code, sum(received), sum(accepted),"
				+ " sum(accepted_in_time), sum(resolved), sum(rated), sum(satisfied), sum(overdue) FROM workorder_daily_stats";
		assertSameRows("SELECT day, " + sums + " GROUP BY 1, 2, 3, 4",
				"SELECT day, " + cols + " FROM workorder_street_daily_stats");
		assertSameRows("SELECT date_trunc('month', day)::date, " + sums + " GROUP BY 1, 2, 3, 4",
				"SELECT month, " + cols + " FROM workorder_street_monthly_stats");
	}

	/** Both queries give the same rows, duplicates counted (all-zero rows included: they are kept). */
	void assertSameRows(String a, String b) {
		assertThat(jdbc.sql("SELECT count(*) FROM ((" + a + " EXCEPT ALL " + b + ") UNION ALL (" + b + " EXCEPT ALL " + a
				+ ")) d").query(Long.class).single()).as(a + "\n  vs  " + b).isZero();
	}

	@Test
	void rollupEqualsNaiveAggregateThroughBulkTriggerAndRebuild() throws Exception {
		BulkGenerator g = new BulkGenerator(dataSource, jobTree(), (c, t) -> t.startsWith("330105") ? null : "Unit " + c);
		g.generate(4_000, END, 42, 1_500, p -> {
		});
		as(Role.ADMIN, "330100");
		assertThat(indicators.total(FROM, END.plusDays(1), null).received()).isGreaterThan(3_800);
		assertSame();

		// Row-by-row changes through the trigger: every measure, every key, deletes.
		Random rnd = new Random(7);
		List<UUID> ids = jdbc.sql("SELECT id FROM workorder_order WHERE number LIKE 'G%' AND submitted_at < '2024-01-02' ORDER BY id")
			.query(UUID.class)
			.list();
		for (int i = 0; i < 1_500; i++) {
			jdbc.sql(UPDATES.get(rnd.nextInt(UPDATES.size())))
				.param("id", ids.get(rnd.nextInt(ids.size())))
				.param("i", i)
				.update();
		}
		assertSame();
		as(Role.STREET_STAFF, "330102014000");
		assertSame(null, "330102014000", "330102014001");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> indicators.rates(FROM, END, "total", "330105"))
			.isInstanceOf(org.civicloop.shared.OutOfJurisdictionException.class);
		as(Role.ADMIN, "330100");

		// Spoil the roll-ups, then rebuild the period.
		jdbc.sql("UPDATE workorder_daily_stats SET received = received + 3 WHERE day < '2024-01-02'").update();
		jdbc.sql("UPDATE workorder_monthly_stats SET rated = rated + 2 WHERE month < '2024-01-01'").update();
		jdbc.sql("UPDATE workorder_street_daily_stats SET received = received + 3 WHERE day < '2024-01-02'").update();
		jdbc.sql("UPDATE workorder_street_monthly_stats SET rated = rated + 2 WHERE month < '2024-01-01'").update();
		for (String within : java.util.Arrays.asList(null, "330102014001")) {
			assertThat(indicators.rates(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 7, 1), "total", within))
				.isNotEqualTo(indicators.scan(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 7, 1), "total", within));
			assertThat(indicators.rates(FROM, END.plusDays(1), "total", within))
				.isNotEqualTo(indicators.scan(FROM, END.plusDays(1), "total", within));
		}
		stats.rebuild(FROM, END.plusDays(1));
		assertSame();

		// the city and a district read the street grain (spoiling it shows), a community the node grain
		LocalDate m1 = LocalDate.of(2023, 3, 1), m2 = LocalDate.of(2023, 7, 1);
		jdbc.sql("UPDATE workorder_street_monthly_stats SET satisfied = satisfied + 1 WHERE month < '2024-01-01'").update();
		jdbc.sql("UPDATE workorder_street_daily_stats SET resolved = resolved + 1 WHERE day < '2024-01-02'").update();
		assertThat(indicators.rates(m1, m2, "total", null)).isNotEqualTo(indicators.scan(m1, m2, "total", null));
		assertThat(indicators.rates(m1, m2.plusDays(3), "territory", "330102"))
			.isNotEqualTo(indicators.scan(m1, m2.plusDays(3), "territory", "330102"));
		assertThat(indicators.rates(m1, m2, "territory", "330102014000"))
			.isEqualTo(indicators.scan(m1, m2, "territory", "330102014000"));
		assertThat(indicators.rates(m1, m2, "total", "330102014001")).isEqualTo(indicators.scan(m1, m2, "total", "330102014001"));
		stats.rebuild(FROM, END.plusDays(1));
		assertSame();
	}

	/** Row-by-row changes through the trigger: every measure, every key, deletes. */
	static final List<String> UPDATES = List.of("UPDATE workorder_order SET rating = :i % 5 + 1, state = 'RATED' WHERE id = :id",
			"UPDATE workorder_order SET rating = NULL WHERE id = :id",
			"UPDATE workorder_order SET state = 'MERGED' WHERE id = :id",
			"UPDATE workorder_order SET accepted_at = submitted_at + interval '1 minute', accept_due_at = submitted_at + interval '1 hour' WHERE id = :id",
			"UPDATE workorder_order SET accepted_at = accept_due_at + interval '1 second' WHERE id = :id",
			"UPDATE workorder_order SET overdue = NOT overdue WHERE id = :id",
			"UPDATE workorder_order SET responsible_unit = NULL WHERE id = :id",
			"UPDATE workorder_order SET responsible_unit = 'Moved unit' WHERE id = :id",
			"UPDATE workorder_order SET territory_code = '330102014001' WHERE id = :id",
			"UPDATE workorder_order SET category_code = 'other' WHERE id = :id",
			"UPDATE workorder_order SET submitted_at = submitted_at + interval '20 hours' WHERE id = :id",
			"UPDATE workorder_order SET replied_at = NULL, state = 'IN_PROGRESS' WHERE id = :id",
			"UPDATE workorder_order SET description = 'no measure changes' WHERE id = :id",
			"DELETE FROM workorder_order WHERE id = :id");

	/**
	 * V80: the trigger appends deltas at commit and folds add them up. Four writers change orders
	 * row by row (each change its own transaction) while a fifth thread folds in a loop and a
	 * rebuild of the whole period runs in the middle: afterwards the roll-ups equal the orders in
	 * every grouping, so no delta was lost or counted twice, and a read leaves nothing pending.
	 */
	@Test
	void concurrentChangesFoldsAndARebuildLoseAndDoubleNothing() throws Exception {
		new BulkGenerator(dataSource, jobTree(), (c, t) -> "Unit " + c).generate(2_000, END, 11, 1_000, p -> {
		});
		List<UUID> ids = jdbc.sql("SELECT id FROM workorder_order WHERE number LIKE 'G%' AND submitted_at < '2024-01-02' ORDER BY id")
			.query(UUID.class)
			.list();
		var pool = java.util.concurrent.Executors.newFixedThreadPool(5);
		var writing = new java.util.concurrent.atomic.AtomicInteger(4);
		var folds = new java.util.concurrent.atomic.AtomicLong();
		try {
			List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				int seed = w;
				writers.add(pool.submit(() -> {
					Random rnd = new Random(100 + seed);
					for (int i = 0; i < 250; i++) {
						jdbc.sql(UPDATES.get(rnd.nextInt(UPDATES.size())))
							.param("id", ids.get(rnd.nextInt(ids.size())))
							.param("i", i)
							.update();
					}
					writing.decrementAndGet();
					return null;
				}));
			}
			var folder = pool.submit(() -> {
				while (writing.get() > 0) {
					folds.addAndGet(stats.foldPending());
				}
				return null;
			});
			Thread.sleep(300);
			stats.rebuild(FROM, END.plusDays(1));
			for (var f : writers) {
				f.get(2, java.util.concurrent.TimeUnit.MINUTES);
			}
			folder.get(1, java.util.concurrent.TimeUnit.MINUTES);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(folds.get()).as("the folder thread folded deltas while the writers ran").isPositive();
		as(Role.ADMIN, "330100");
		assertSame();
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_stats_delta").query(Long.class).single()).isZero();
	}

	@Autowired
	WorkOrderQueries queries;

	/**
	 * A street's list (read through the street index and a UNION with the viewer's own requests) gives
	 * the same rows in the same order as the plain condition, by offset and by keyset, in both orders.
	 */
	@Test
	void streetListPagesAreTheScopeNewestFirst() throws Exception {
		new BulkGenerator(dataSource, jobTree(), (c, t) -> "Unit " + c).generate(3_000, END, 5, 1_500, p -> {
		});
		UUID me = UUID.randomUUID();
		// the viewer's own requests: some outside the street, one inside it (must not appear twice)
		jdbc.sql("UPDATE workorder_order SET requester_id = :me WHERE id IN (SELECT id FROM workorder_order"
				+ " WHERE number LIKE 'G%' AND territory_code NOT LIKE '330102014%' ORDER BY id LIMIT 7)").param("me", me).update();
		jdbc.sql("UPDATE workorder_order SET requester_id = :me WHERE id = (SELECT id FROM workorder_order"
				+ " WHERE number LIKE 'G%' AND territory_code LIKE '330102014%' ORDER BY id LIMIT 1)").param("me", me).update();
		CivicPrincipal p = () -> new Jurisdiction(me, "t", Set.of(Role.STREET_STAFF), Set.of(TerritoryCode.of("330102014000")));
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(p, null, "ROLE_STREET_STAFF"));
		assertThat(WorkOrderQueries.streetOf(p.jurisdiction())).isEqualTo("330102014000");
		for (var f : List.of(new WorkOrderQueries.Filter(null, null, null, null, false),
				new WorkOrderQueries.Filter(null, "noise", null, null, false),
				new WorkOrderQueries.Filter(null, null, null, "overdue", false),
				new WorkOrderQueries.Filter(WorkOrderState.IN_PROGRESS, "noise", null, null, false))) {
			boolean byDeadline = "overdue".equals(f.queue());
			String expectedSql = "SELECT id FROM workorder_order WHERE (territory_code LIKE '330102014%' OR requester_id = :me)"
					+ (f.categoryCode() != null ? " AND category_code = 'noise'" : "")
					+ (f.state() != null ? " AND state = '" + f.state() + "'" : "")
					+ (byDeadline ? " AND overdue AND state IN " + WorkOrderQueries.OPEN_STATES
							+ " ORDER BY coalesce(CASE WHEN state IN ('SUBMITTED','RETURNED') THEN accept_due_at ELSE reply_due_at END, 'infinity'), id"
							: " ORDER BY submitted_at DESC, id");
			List<UUID> expected = jdbc.sql(expectedSql).param("me", me).query(UUID.class).list();
			assertThat(expected).as(f.toString()).hasSizeGreaterThan(byDeadline || f.state() != null ? 0 : 20);
			List<UUID> byOffset = new ArrayList<>();
			List<UUID> byKeyset = new ArrayList<>();
			for (int page = 0; page * 17 < expected.size() + 17; page++) {
				queries.list(f, page, 17).items().forEach(i -> byOffset.add(i.id()));
			}
			String after = null;
			do {
				WorkOrderQueries.Page pg = queries.list(f, after, 17);
				pg.items().forEach(i -> byKeyset.add(i.id()));
				after = pg.next();
			}
			while (after != null);
			assertThat(byOffset).as(f + " by offset").isEqualTo(expected);
			// the count in two parts (the street's prefix, and the viewer's own requests outside it)
			assertThat(queries.list(f, 0, 17).total()).as(f + " total").isEqualTo(expected.size());
			assertThat(byKeyset).as(f + " by keyset").isEqualTo(expected);
		}
	}

	@Test
	void zeroReceivedGivesNoRateAndNoDivision() {
		as(Role.ADMIN, "330100");
		Indicators.Rates none = indicators.total(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 2, 1), null);
		assertThat(none.received()).isZero();
		assertThat(none.responseRate()).isNull();
		assertThat(none.resolutionRate()).isNull();
		assertThat(none.satisfactionRate()).isNull();
		assertThat(new Indicators.Rates("k", 4, 1, 2, 0, 0, 3, 0).satisfactionRate()).isNull();
		assertThat(new Indicators.Rates("k", 4, 1, 2, 0, 0, 3, 0).responseRate()).isEqualTo(0.25);
		assertThat(new Indicators.Rates("k", 4, 4, 4, 2, 2, 4, 0).resolutionRate()).isEqualTo(1.0);
		assertThat(new Indicators.Rates("k", 4, 4, 4, 2, 2, 4, 0).satisfactionRate()).isEqualTo(1.0);
	}

	@Autowired
	org.civicloop.territory.Territories territories;

	List<org.civicloop.territory.TerritoryNode> jobTree() {
		List<org.civicloop.territory.TerritoryNode> all = new ArrayList<>();
		java.util.ArrayDeque<org.civicloop.territory.TerritoryNode> todo = new java.util.ArrayDeque<>();
		territories.find(TerritoryCode.of("330100")).ifPresent(todo::add);
		while (!todo.isEmpty()) {
			var n = todo.poll();
			all.add(n);
			todo.addAll(territories.children(n.territoryCode()));
		}
		return all;
	}
}
