package org.civicloop.workorder.sla;

import java.time.Duration;
import java.time.Instant;

import org.civicloop.workorder.internal.DueSoonRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicloop.workorder.sla.Holidays2026.CALENDAR;
import static org.civicloop.workorder.sla.Holidays2026.at;

/**
 * "Due soon" counts WORKING time left on the real 2026 calendar (lunch 12:00–13:30, weekends,
 * holidays, make-up days): warn 2 h, shortened to a quarter of the budget for short clocks.
 * 2026-03-06 is a Friday; 2026-02-14 a make-up Saturday before the Spring Festival (15–23 Feb).
 */
class DueSoonRuleTests {

	static final DueSoonRule RULE = new DueSoonRule(Duration.ofHours(2), 0.25);

	@ParameterizedTest(name = "[{index}] start {0}, due {1}, at {2}: due soon {3} ({4})")
	@CsvSource(delimiter = '|', textBlock = """
			# start          | due              | now              | dueSoon | note
			2026-03-02T09:00 | 2026-03-06T18:00 | 2026-03-06T15:59 | false | 2 h 1 min left
			2026-03-02T09:00 | 2026-03-06T18:00 | 2026-03-06T16:00 | true  | exactly 2 h left
			2026-03-02T09:00 | 2026-03-06T18:00 | 2026-03-06T18:00 | true  | at the due minute
			2026-03-02T09:00 | 2026-03-06T18:00 | 2026-03-06T18:01 | false | overdue, not due soon
			2026-03-02T09:00 | 2026-03-09T10:00 | 2026-03-06T16:59 | false | over the weekend: 2 h 1 min of working time
			2026-03-02T09:00 | 2026-03-09T10:00 | 2026-03-06T17:00 | true  | 65 h of clock time, 2 h of working time
			2026-03-02T09:00 | 2026-03-09T10:00 | 2026-03-07T12:00 | true  | Saturday: 1 h left, time stands still
			2026-03-02T09:00 | 2026-03-02T16:30 | 2026-03-02T11:59 | false | 1 h + 3 h: budget 6 h, 2 h 31 min left
			2026-03-02T09:00 | 2026-03-02T16:30 | 2026-03-02T12:30 | false | lunch break does not count: 3 h left
			2026-02-27T09:00 | 2026-03-02T15:30 | 2026-03-02T12:00 | true  | 2 h left after lunch
			2026-02-27T09:00 | 2026-03-02T15:30 | 2026-03-02T11:59 | false | 2 h 1 min
			2026-03-02T09:00 | 2026-03-02T10:00 | 2026-03-02T09:00 | false | 1 h clock: threshold a quarter, 15 min
			2026-03-02T09:00 | 2026-03-02T10:00 | 2026-03-02T09:44 | false | 16 min left
			2026-03-02T09:00 | 2026-03-02T10:00 | 2026-03-02T09:45 | true  | 15 min left
			2026-02-09T09:00 | 2026-02-24T10:00 | 2026-02-14T16:59 | false | make-up Saturday, holiday week follows
			2026-02-09T09:00 | 2026-02-24T10:00 | 2026-02-14T17:00 | true  | 1 h Saturday + 1 h after the Spring Festival
			2026-02-09T09:00 | 2026-02-24T10:00 | 2026-02-18T10:00 | true  | during the holiday: 1 h left
			2026-09-21T09:00 | 2026-10-08T09:30 | 2026-09-30T16:29 | false | before National Day
			2026-09-21T09:00 | 2026-10-08T09:30 | 2026-09-30T16:30 | true  | 1.5 h + 0.5 h over the week of holidays
			""")
	void dueSoonInWorkingTime(String start, String due, String now, boolean dueSoon, String note) {
		assertThat(RULE.isDueSoon(CALENDAR, at(start), at(due), at(now))).as(note).isEqualTo(dueSoon);
		if (dueSoon) {
			// the scanner's SQL bound never cuts a due-soon order off
			assertThat(at(due)).isBefore(RULE.horizon(CALENDAR, at(now)));
		}
	}

	@Test
	void withoutAFractionTheWarnTimeAppliesToEveryClock() {
		DueSoonRule plain = new DueSoonRule(Duration.ofHours(2), 0);
		assertThat(plain.isDueSoon(CALENDAR, at("2026-03-02T09:00"), at("2026-03-02T10:00"), at("2026-03-02T09:00"))).isTrue();
		assertThat(plain.threshold(Duration.ofHours(1))).isEqualTo(Duration.ofHours(2));
		assertThat(RULE.threshold(Duration.ofHours(40))).isEqualTo(Duration.ofHours(2));
		assertThat(RULE.threshold(null)).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void theHorizonSkipsTheNonWorkingGap() {
		Instant h = RULE.horizon(CALENDAR, at("2026-03-06T16:00"));
		assertThat(h).isEqualTo(at("2026-03-09T09:01"));
	}

	@Test
	void badSettingsFailFast() {
		assertThatThrownBy(() -> new DueSoonRule(Duration.ofHours(-1), 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new DueSoonRule(Duration.ofHours(1), 1.5)).isInstanceOf(IllegalArgumentException.class);
	}
}
