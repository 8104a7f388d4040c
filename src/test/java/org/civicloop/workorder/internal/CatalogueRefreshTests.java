package org.civicloop.workorder.internal;

import java.time.Duration;

import org.civicloop.shared.TerritoryCode;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.territory.Territories;
import org.civicloop.workorder.sla.WorkingCalendars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake's copy of the catalogue: a category added by hand is known at once, a change to a
 * known one reaches the intake after the refresh period and not before. (A catalogue of its own
 * with a 400 ms period, on a category of its own, so the application's copy is left alone.)
 */
@CivicLoopTest
class CatalogueRefreshTests {

	static final TerritoryCode PLACE = TerritoryCode.of("330102014001R001");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Territories territories;

	@Autowired
	WorkingCalendars calendars;

	@AfterEach
	void removeTheCategory() {
		jdbc.sql("DELETE FROM workorder_routing_rule WHERE category_code = 'refresh-test'").update();
		jdbc.sql("DELETE FROM workorder_category WHERE code = 'refresh-test'").update();
	}

	@Test
	void aNewCategoryIsKnownAtOnceAndAChangeAfterTheRefreshPeriod() throws Exception {
		Catalogue catalogue = new Catalogue(jdbc, territories, calendars, Duration.ofMillis(400));
		assertThat(catalogue.categoryRules("street-light")).isPresent();
		assertThat(catalogue.categoryRules("refresh-test")).isEmpty();

		jdbc.sql("INSERT INTO workorder_category (code, name_zh, name_en, attributes, sort_order)"
				+ " VALUES ('refresh-test', '刷新测试', 'Refresh test', '[]', 998)").update();
		Catalogue.CategoryRules added = catalogue.categoryRules("refresh-test").orElseThrow();
		assertThat(added.rules()).isEmpty();
		assertThat(added.entry().category().active()).isTrue();
		long read = System.nanoTime();

		jdbc.sql("INSERT INTO workorder_routing_rule (category_code, territory_code, unit)"
				+ " VALUES ('refresh-test', '330102014000', '四季青街道城管中队')").update();
		jdbc.sql("UPDATE workorder_category SET active = false WHERE code = 'refresh-test'").update();
		Catalogue.CategoryRules cached = catalogue.categoryRules("refresh-test").orElseThrow();
		if (System.nanoTime() - read < Duration.ofMillis(400).toNanos()) {
			assertThat(cached.rules()).as("within the refresh period: the copy").isEmpty();
			assertThat(cached.entry().category().active()).isTrue();
		}

		Thread.sleep(450);
		Catalogue.CategoryRules refreshed = catalogue.categoryRules("refresh-test").orElseThrow();
		assertThat(refreshed.entry().category().active()).isFalse();
		assertThat(refreshed.rules()).extracting(Catalogue.Rule::unit).containsExactly("四季青街道城管中队");
		assertThat(catalogue.route("refresh-test", PLACE, refreshed.rules()).unit()).isEqualTo("四季青街道城管中队");
	}
}
