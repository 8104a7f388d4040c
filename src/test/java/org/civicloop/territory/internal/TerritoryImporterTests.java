package org.civicloop.territory.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.territory.Territories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The importer against the real database. Rows are placed under 盈丰街道 (330109015…) and the
 * round trip uses 更楼街道 (330182004…) so that other test classes sharing the context are not
 * disturbed.
 */
@CivicLoopTest
class TerritoryImporterTests {

	static final String HEADER = "code,name,level,parent_code,lat,lng,demo\n";
	static final Jurisdiction YINGFENG_ADMIN = new Jurisdiction(UUID.randomUUID(), "yf-admin", Set.of(Role.ADMIN),
			Set.of(TerritoryCode.of("330109015000")));

	@Autowired
	TerritoryImporter importer;

	@Autowired
	TerritoryQueries queries;

	@Autowired
	Territories territories;

	@Autowired
	JdbcClient jdbc;

	long nodes() {
		return jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single();
	}

	long imports() {
		return jdbc.sql("SELECT count(*) FROM territory_import").query(Long.class).single();
	}

	@Test
	void aFileWithBadRowsIsRejectedWholeWithEveryBadLineAndWritesNothing() {
		String csv = HEADER
				+ "330109015001901,盈丰社区测试网格,GRID,330109015001,30.2,120.2,true\n" // 2 fine on its own
				+ "33010901500X,坏代码,COMMUNITY,330109015000,,,false\n" // 3 bad code
				+ "330109015001902,层级不符,COMMUNITY,330109015001,,,false\n" // 4 level does not match the code
				+ "330109015001903001,无上级,MICRO_GRID,330109015001903,,,false\n" // 5 parent nowhere
				+ "330109015001904,纬度错,GRID,330109015001,95,120.2,false\n" // 6 lat out of range
				+ "330109015001901,重复,GRID,330109015001,,,false\n" // 7 duplicate of line 2
				+ "330109015001905,列数错,GRID\n" // 8 wrong column count
				+ "330102014001901,越界,GRID,330102014001,,,false\n" // 9 outside the caller's jurisdiction
				+ "330109015001906,\"两行\n名称\",GRID,330109015001,,,false\n" // 10-11 a name with a line break
				+ "330109015001907,,GRID,330109015001,,,false\n" // 12 empty name, after a two-line record
				+ "330109015001908,经度错,GRID,330109015001,30.2,abc,false\n"; // 13 lng not a number
		long before = nodes();
		long importsBefore = imports();

		ImportRejectedException e = catchThrowableOfType(ImportRejectedException.class,
				() -> importer.importNow("test", "bad.csv", csv, YINGFENG_ADMIN));

		assertThat(e.problems()).extracting(ImportRejectedException.ImportProblem::line)
			.containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 12, 13);
		assertThat(e.problems()).extracting(ImportRejectedException.ImportProblem::reason)
			.satisfiesExactly(r -> assertThat(r).contains("Invalid code"),
					r -> assertThat(r).contains("does not match the code"),
					r -> assertThat(r).contains("neither in the file nor in the tree"),
					r -> assertThat(r).contains("lat must be between -90 and 90"),
					r -> assertThat(r).contains("Duplicate code; first seen on line 2"),
					r -> assertThat(r).contains("Expected 7 columns but found 3"),
					r -> assertThat(r).contains("Outside your jurisdiction"),
					r -> assertThat(r).contains("control characters"),
					r -> assertThat(r).contains("Name is empty"),
					r -> assertThat(r).contains("lng is not a number"));
		assertThat(e.problems().get(1).reasons()).singleElement()
			.satisfies(r -> assertThat(r.key()).isEqualTo("levelMismatch"))
			.satisfies(r -> assertThat(r.args()).containsExactly("COMMUNITY", "GRID"));
		assertThat(nodes()).isEqualTo(before);
		assertThat(imports()).isEqualTo(importsBefore);
		assertThat(territories.exists(TerritoryCode.of("330109015001901"))).isFalse();
	}

	@Test
	void fileLevelProblemsAreReportedOnce() {
		assertThat(catchThrowableOfType(ImportRejectedException.class, () -> importer.importNow("test", "e.csv", "", null))
			.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("empty"));
		assertThat(catchThrowableOfType(ImportRejectedException.class, () -> importer.importNow("test", "only-header.csv", HEADER, null))
			.problems()).singleElement().satisfies(p -> assertThat(p.reasons()).extracting(ImportRejectedException.Reason::key).containsExactly("noRows"));
		assertThat(catchThrowableOfType(ImportRejectedException.class,
				() -> importer.importNow("test", "h.csv", "code,name,level\n330100,杭州市,CITY\n", null))
			.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1));
		assertThat(catchThrowableOfType(ImportRejectedException.class,
				() -> importer.importNow("test", "q.csv", HEADER + "330109015001909,\"open,GRID\n", null))
			.problems()).singleElement().satisfies(p -> {
				assertThat(p.line()).isEqualTo(2);
				assertThat(p.reason()).contains("never closed");
				assertThat(p.reasons()).extracting(ImportRejectedException.Reason::key).containsExactly("csv.unclosed");
			});
	}

	@Test
	void aGoodFileImportsAndAReimportUpdates() {
		String first = HEADER + "330109015001910,盈丰测试网格,GRID,330109015001,30.21,120.23,true\n"
				+ "330109015001910001,盈丰测试网格1号楼,MICRO_GRID,330109015001910,,,true\n";
		ImportStatus created = importer.importNow("test", "good.csv", first, YINGFENG_ADMIN);
		assertThat(created.status()).isEqualTo("DONE");
		assertThat(created.createdRows()).isEqualTo(2);
		assertThat(created.updatedRows()).isZero();
		assertThat(territories.get(TerritoryCode.of("330109015001910001")).parentCode()).isEqualTo("330109015001910");
		assertThat(territories.children(TerritoryCode.of("330109015001910"))).hasSize(1);

		String second = HEADER + "330109015001910,盈丰测试网格（改名）,GRID,330109015001,30.21,120.23,false\n"
				+ "330109015001910001,盈丰测试网格1号楼,MICRO_GRID,330109015001910,30.2,120.2,true\n"
				+ "330109015001910002,盈丰测试网格2号楼,MICRO_GRID,330109015001910,,,true\n";
		ImportStatus updated = importer.importNow("test", "good2.csv", second, YINGFENG_ADMIN);
		assertThat(updated.createdRows()).isEqualTo(1);
		assertThat(updated.updatedRows()).isEqualTo(2);
		assertThat(territories.get(TerritoryCode.of("330109015001910")).name()).isEqualTo("盈丰测试网格（改名）");
		assertThat(territories.get(TerritoryCode.of("330109015001910")).demo()).isFalse();
		assertThat(territories.get(TerritoryCode.of("330109015001910001")).hasLocation()).isTrue();
		assertThat(territories.children(TerritoryCode.of("330109015001910"))).hasSize(2);
	}

	@Test
	void exportThenImportYieldsTheSameRows() {
		TerritoryCode gengLou = TerritoryCode.of("330182004000");
		String exported = queries.exportCsv(gengLou);
		long rows = exported.lines().count() - 1;
		assertThat(rows).isGreaterThan(10);
		long before = nodes();

		ImportStatus s = importer.importNow("test", "roundtrip.csv", exported, null);

		assertThat(s.status()).isEqualTo("DONE");
		assertThat(s.createdRows()).isZero();
		assertThat(s.updatedRows()).isEqualTo((int) rows);
		assertThat(nodes()).isEqualTo(before);
		assertThat(queries.exportCsv(gengLou)).isEqualTo(exported);
	}

	@Test
	void anImportStartedInTheBackgroundReachesDoneWithItsCounts() throws InterruptedException {
		// more rows than one progress chunk, so that the counters are written along the way
		StringBuilder csv = new StringBuilder(HEADER).append("330109015001911,盈丰大网格,GRID,330109015001,,,true\n");
		for (int i = 1; i <= 620; i++) {
			csv.append(String.format("330109015001911%03d,盈丰大网格%d号楼,MICRO_GRID,330109015001911,,,true\n", i, i));
		}
		UUID id = importer.start("test", "big.csv", csv.toString(), YINGFENG_ADMIN);
		ImportStatus s = importer.status(id).orElseThrow();
		assertThat(s.totalRows()).isEqualTo(621);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!s.finished() && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
			s = importer.status(id).orElseThrow();
		}
		assertThat(s.status()).isEqualTo("DONE");
		assertThat(s.processedRows()).isEqualTo(621);
		assertThat(s.percent()).isEqualTo(100);
		assertThat(s.createdRows()).isEqualTo(621);
		assertThat(s.finishedAt()).isNotNull();
		assertThat(importer.recent(5)).extracting(ImportStatus::id).contains(id);
		assertThat(territories.children(TerritoryCode.of("330109015001911"))).hasSize(620);
	}
}
