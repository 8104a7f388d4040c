package org.civicloop.workorder.web;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardPeriodTests {

	static final LocalDate THU = LocalDate.parse("2026-01-15");

	@Test
	void presets() {
		assertThat(DashboardPeriod.of("this-month", null, null, THU))
			.isEqualTo(new DashboardPeriod("this-month", LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01")));
		assertThat(DashboardPeriod.of("last-month", null, null, THU))
			.isEqualTo(new DashboardPeriod("last-month", LocalDate.parse("2025-12-01"), LocalDate.parse("2026-01-01")));
		assertThat(DashboardPeriod.of("this-week", null, null, THU))
			.isEqualTo(new DashboardPeriod("this-week", LocalDate.parse("2026-01-12"), LocalDate.parse("2026-01-19")));
		assertThat(DashboardPeriod.of("this-week", null, null, LocalDate.parse("2026-01-18")).from()).isEqualTo("2026-01-12");
		assertThat(DashboardPeriod.of("this-week", null, null, LocalDate.parse("2026-01-12")).from()).isEqualTo("2026-01-12");
		assertThat(DashboardPeriod.of(null, null, null, THU))
			.isEqualTo(new DashboardPeriod("last-30", LocalDate.parse("2025-12-17"), LocalDate.parse("2026-01-16")));
	}

	@Test
	void customBoundaries() {
		assertThat(DashboardPeriod.of("custom", "2026-01-01", "2026-01-02", THU).to()).isEqualTo("2026-01-02");
		assertThat(DashboardPeriod.of("custom", "2025-01-01", "2026-01-01", THU).from()).isEqualTo("2025-01-01");
		assertThat(DashboardPeriod.of("custom", "2024-02-29", "2025-02-28", THU).from()).isEqualTo("2024-02-29");
		assertKey("2026-01-01", "2026-01-01", "wo.dash.error.order");
		assertKey("2026-01-02", "2026-01-01", "wo.dash.error.order");
		assertKey("2025-01-01", "2026-01-02", "wo.dash.error.span");
		assertKey(null, "2026-01-02", "wo.dash.error.date");
		assertKey("2026-13-01", "2026-01-02", "wo.dash.error.date");
		assertKey("+999999999-01-01", "+999999999-12-31", "wo.dash.error.date");
		assertKey("-999999999-01-01", "2026-01-02", "wo.dash.error.date");
		assertThatThrownBy(() -> DashboardPeriod.of("fortnight", null, null, THU))
			.isInstanceOfSatisfying(DashboardPeriod.Invalid.class, e -> assertThat(e.key).isEqualTo("wo.dash.error.period"));
	}

	private static void assertKey(String from, String to, String key) {
		assertThatThrownBy(() -> DashboardPeriod.of("custom", from, to, THU))
			.isInstanceOfSatisfying(DashboardPeriod.Invalid.class, e -> assertThat(e.key).isEqualTo(key));
	}
}
