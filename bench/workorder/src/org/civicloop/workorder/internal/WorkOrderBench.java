package org.civicloop.workorder.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.civicloop.shared.CivicPrincipal;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.ResponsiblePerson;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Generates N requests with the production bulk generator on a private embedded PostgreSQL 14, then
 * measures the production 三率 queries (roll-up) against the naive aggregate over the orders, for a
 * street-month and a city-month, and the production list query.
 */
public final class WorkOrderBench {

	public static void main(String[] args) throws Exception {
		long count = 1_000_000;
		int runs = 50;
		Path keep = null;
		boolean reuse = false;
		for (String a : args) {
			if (a.startsWith("--count=")) {
				count = Long.parseLong(a.substring(8));
			}
			if (a.startsWith("--runs=")) {
				runs = Integer.parseInt(a.substring(7));
			}
			if (a.startsWith("--dir=")) {
				keep = Path.of(a.substring(6));
			}
			if (a.equals("--reuse")) {
				reuse = true;
			}
		}
		// --dir=PATH keeps the generated database there (delete it by hand); --reuse measures it again
		// with the current code without generating (a 10M load takes a quarter of an hour)
		Path dir = keep != null ? keep : Files.createTempDirectory("wo-bench");
		if (reuse && keep == null) {
			throw new IllegalArgumentException("--reuse needs --dir=");
		}
		if (keep != null && !reuse && Files.exists(keep)) {
			try (var paths = Files.walk(keep)) {
				paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
			}
		}
		System.out.printf("work-order bench: %d requests, PostgreSQL 14 in %s, %d cores%n", count, dir,
				Runtime.getRuntime().availableProcessors());
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
			.setDataDirectory(dir.toFile())
			.setCleanDataDirectory(keep == null) // a kept folder survives close()
			.setServerConfig("shared_buffers", "512MB")
			.setServerConfig("max_wal_size", "8GB")
			.setServerConfig("work_mem", "32MB")
			.start(); HikariDataSource ds = new HikariDataSource()) {
			ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
			ds.setMaximumPoolSize(4);
			JdbcClient jdbc = JdbcClient.create(ds);
			// the workorder migrations the bench needs, in order; a reused database gets the ones added
			// since it was generated (bench_applied remembers; a folder from before it had the first five)
			List<String> migrations = List.of("V1__workorder.sql", "V2__catalogue.sql", "V10__daily_stats.sql",
					"V11__monthly_stats.sql", "V60__street_stats.sql", "V80__rollup_deltas.sql",
					"V82__list_count_indexes.sql");
			boolean fresh = jdbc.sql("SELECT to_regclass('bench_applied') IS NULL").query(Boolean.class).single();
			if (fresh) {
				jdbc.sql("CREATE TABLE bench_applied (name TEXT PRIMARY KEY)").update();
				if (jdbc.sql("SELECT to_regclass('workorder_order') IS NOT NULL").query(Boolean.class).single()) {
					for (String m : migrations.subList(0, 5)) {
						jdbc.sql("INSERT INTO bench_applied VALUES (:m)").param("m", m).update();
					}
				}
			}
			for (String m : migrations) {
				if (jdbc.sql("SELECT count(*) FROM bench_applied WHERE name = :m").param("m", m).query(Long.class).single() > 0) {
					continue;
				}
				System.out.println("applying " + m);
				String sql = Files.readString(Path.of("src/main/resources/db/migration/workorder", m));
				try (var c = ds.getConnection(); var s = c.createStatement()) {
					s.execute(sql);
				}
				jdbc.sql("INSERT INTO bench_applied VALUES (:m)").param("m", m).update();
			}
			List<TerritoryNode> tree = new ArrayList<>();
			for (String line : Files.readAllLines(Path.of("src/main/resources/demo/territory-hangzhou.csv")).subList(1,
					Files.readAllLines(Path.of("src/main/resources/demo/territory-hangzhou.csv")).size())) {
				String[] f = line.split(",", -1);
				tree.add(new TerritoryNode(f[0], f[1], TerritoryLevel.valueOf(f[2]), f[3].isEmpty() ? null : f[3],
						f[4].isEmpty() ? null : Double.valueOf(f[4]), f[5].isEmpty() ? null : Double.valueOf(f[5]),
						Boolean.parseBoolean(f[6])));
			}
			LocalDate end = LocalDate.of(2026, 11, 1);
			long t0 = System.nanoTime();
			if (!reuse) new BulkGenerator(ds, tree, (c, t) -> c.equals("garbage") ? "城管局 City Management Bureau"
					: t.length() >= 9 ? t.substring(0, 9) + "000" : t).generate(count, end, 2026, 100_000, p -> System.out
						.printf("  generated %,d/%,d (%.1f%%) %,.0f/s%n", p.done(), p.total(), p.percent(), p.perSecond()));
			double genSecs = (System.nanoTime() - t0) / 1e9;
			System.out.printf("generated in %.1f s (before vacuum analyze)%n", genSecs);
			for (String t : List.of("workorder_order", "workorder_daily_stats", "workorder_monthly_stats",
					"workorder_street_daily_stats", "workorder_street_monthly_stats")) {
				jdbc.sql("VACUUM ANALYZE " + t).update();
			}
			genSecs = (System.nanoTime() - t0) / 1e9;
			if (reuse) {
				count = jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
			}
			System.out.printf("generated %,d in %.1f s (%,.0f/s incl. vacuum analyze); orders %s, roll-up %s (%,d rows)%n",
					count, genSecs, count / genSecs,
					jdbc.sql("SELECT pg_size_pretty(pg_total_relation_size('workorder_order'))").query(String.class).single(),
					jdbc.sql("SELECT pg_size_pretty(pg_total_relation_size('workorder_daily_stats'))").query(String.class).single(),
					jdbc.sql("SELECT count(*) FROM workorder_daily_stats").query(Long.class).single());
			for (String t : List.of("workorder_monthly_stats", "workorder_street_daily_stats", "workorder_street_monthly_stats")) {
				System.out.printf("%s %s (%,d rows)%n", t,
						jdbc.sql("SELECT pg_size_pretty(pg_total_relation_size('" + t + "'))").query(String.class).single(),
						jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single());
			}

			Territories territories = new Territories() {
				public Optional<TerritoryNode> find(TerritoryCode code) {
					return tree.stream().filter(n -> n.code().equals(code.value())).findFirst();
				}
				public boolean exists(TerritoryCode code) {
					return find(code).isPresent();
				}
				public List<TerritoryNode> children(TerritoryCode code) {
					return tree.stream().filter(n -> code.value().equals(n.parentCode())).toList();
				}
				public List<TerritoryNode> ancestors(TerritoryCode code) {
					return List.of();
				}
				public List<ResponsiblePerson> people(TerritoryCode code) {
					return List.of();
				}
			};
			JurisdictionScope scope = new JurisdictionScope();
			Indicators ind = new Indicators(jdbc, scope, territories, new WorkOrderStats(jdbc, org.springframework.transaction.support.TransactionOperations.withoutTransaction()));
			WorkOrderQueries queries = new WorkOrderQueries(jdbc, scope);
			LocalDate from = LocalDate.of(2026, 9, 1), to = LocalDate.of(2026, 10, 1);
			System.out.printf("%nperiod %s..%s, %d runs each, p50/p95 in ms%n", from, to, runs);
			for (String[] who : new String[][] { { "street-month", "330102014000" }, { "city-month", "330100" } }) {
				as(Role.LEADER, who[1]);
				double[] roll = time(runs, () -> ind.total(from, to, null));
				double[] naive = time(Math.max(5, runs / 5), () -> ind.scan(from, to, "total", null));
				if (!ind.rates(from, to, "total", null).equals(ind.scan(from, to, "total", null))) {
					throw new AssertionError("roll-up differs from the naive aggregate");
				}
				System.out.printf("%-13s 三率 total   roll-up p50 %7.2f p95 %7.2f | naive p50 %8.1f p95 %8.1f | ratio (p95) %6.0f×%n",
						who[0], roll[0], roll[1], naive[0], naive[1], naive[1] / roll[1]);
				LocalDate pf = LocalDate.of(2026, 7, 15), pt = LocalDate.of(2026, 10, 10);
				double[] split = time(runs, () -> ind.total(pf, pt, null));
				double[] splitNaive = time(Math.max(5, runs / 5), () -> ind.scan(pf, pt, "total", null));
				if (!ind.rates(pf, pt, "category", null).equals(ind.scan(pf, pt, "category", null))) {
					throw new AssertionError("roll-up differs from the naive aggregate (month split)");
				}
				System.out.printf("%-13s 三率 total %s..%s (2 whole months + 17 + 9 days) roll-up p50 %7.2f p95 %7.2f | naive p95 %8.1f%n",
						who[0], pf, pt, split[0], split[1], splitNaive[1]);
				double[] page = time(runs, () -> {
					ind.total(from, to, null);
					ind.rates(from, to, "territory", null);
					ind.rates(from, to, "unit", null);
					ind.rates(from, to, "category", null);
					return ind.rates(from, to, "day", null);
				});
				System.out.printf("%-13s whole dashboard (total+territory+unit+category+day) roll-up p50 %7.2f p95 %7.2f%n",
						who[0], page[0], page[1]);
				double[] list = time(runs, () -> queries.list(new WorkOrderQueries.Filter(null, null, null, "to-handle", false), 0, 50));
				double[] list2 = time(runs, () -> queries.list(new WorkOrderQueries.Filter(null, "noise", null, null, false), 3, 50));
				System.out.printf("%-13s list 'to-handle' p1 p50 %7.2f p95 %7.2f | list category p4 p50 %7.2f p95 %7.2f%n",
						who[0], list[0], list[1], list2[0], list2[1]);
				// keyset: the 4th page of the category list by after= (same rows as page=3), and a deep page (≈ 200)
				WorkOrderQueries.Filter noise = new WorkOrderQueries.Filter(null, "noise", null, null, false);
				String after3 = queries.list(noise, 2, 50).next();
				if (!queries.list(noise, after3, 50).items().equals(queries.list(noise, 3, 50).items())) {
					throw new AssertionError("keyset page differs from the offset page");
				}
				String deep = null;
				int deepPage = 0;
				for (String n = queries.list(noise, (String) null, 50).next(); n != null && deepPage < 40;
						n = queries.list(noise, n, 50).next()) {
					deep = n;
					deepPage++;
				}
				String deepAfter = deep;
				int deepOffsetPage = deepPage;
				double[] list3 = time(runs, () -> queries.list(noise, after3, 50));
				double[] list4 = time(runs, () -> queries.list(noise, deepAfter, 50));
				double[] list5 = time(runs, () -> queries.list(noise, deepOffsetPage, 50));
				System.out.printf("%-13s list category after= p4 p50 %7.2f p95 %7.2f | after= p%d p50 %7.2f p95 %7.2f | page=%d p50 %7.2f p95 %7.2f%n",
						who[0], list3[0], list3[1], deepPage + 1, list4[0], list4[1], deepPage, list5[0], list5[1]);
			}
		}
	}

	static void as(Role role, String root) {
		CivicPrincipal p = () -> new Jurisdiction(UUID.randomUUID(), "bench", Set.of(role, Role.STREET_STAFF),
				Set.of(TerritoryCode.of(root)));
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(p, null));
	}

	static double[] time(int runs, Supplier<?> f) {
		for (int i = 0; i < 3; i++) {
			f.get();
		}
		double[] ms = new double[runs];
		for (int i = 0; i < runs; i++) {
			long t = System.nanoTime();
			f.get();
			ms[i] = (System.nanoTime() - t) / 1e6;
		}
		Arrays.sort(ms);
		return new double[] { ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1] };
	}
}
