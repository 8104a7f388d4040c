package org.civicloop.workorder.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicloop.workorder.sla.Holidays2026.CALENDAR;
import static org.civicloop.workorder.sla.Holidays2026.at;

/**
 * The working calendar as tables, on the 2026 State Council arrangement with the default hours
 * 09:00–12:00 and 13:30–18:00 (7 h 30 min a day). All times are Beijing time. 2026-03-02 is a
 * Monday; 2026-02-14 and 2026-02-28 are make-up Saturdays around the Spring Festival (02-15…02-23);
 * 2026-09-20 (Sunday) and 2026-10-10 (Saturday) around National Day (10-01…10-07). The last
 * column of each table is a note.
 */
class WorkingCalendarTests {

	@ParameterizedTest(name = "{0} working: {1} {2}")
	@CsvSource(delimiter = '|', textBlock = """
			2026-03-02 | true  | Monday
			2026-03-06 | true  | Friday
			2026-03-07 | false | Saturday
			2026-03-08 | false | Sunday
			2026-01-01 | false | 元旦, Thursday
			2026-01-04 | true  | Sunday worked for 元旦
			2026-02-13 | true  | Friday before the Spring Festival
			2026-02-14 | true  | make-up Saturday
			2026-02-15 | false | Spring Festival, Sunday
			2026-02-16 | false | Spring Festival, Monday
			2026-02-23 | false | last day of the Spring Festival, Monday
			2026-02-24 | true  | back to work
			2026-02-28 | true  | make-up Saturday
			2026-04-06 | false | 清明节, Monday
			2026-05-05 | false | 劳动节, Tuesday
			2026-05-09 | true  | make-up Saturday
			2026-06-19 | false | 端午节, Friday
			2026-09-20 | true  | make-up Sunday
			2026-09-25 | false | 中秋节, Friday
			2026-10-07 | false | 国庆节, Wednesday
			2026-10-10 | true  | make-up Saturday
			2026-10-11 | false | ordinary Sunday
			""")
	void workingDays(LocalDate day, boolean working, String note) {
		assertThat(CALENDAR.isWorkingDay(day)).isEqualTo(working);
	}

	@ParameterizedTest(name = "{0} + {1} → {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			# start          | working time | due              | note
			2026-03-02T09:00 | PT1H         | 2026-03-02T10:00 | exactly at opening
			2026-03-02T09:00 | PT3H         | 2026-03-02T12:00 | ends exactly at lunch: stays at 12:00
			2026-03-02T09:00 | PT3H1M       | 2026-03-02T13:31 | one minute over lunch
			2026-03-02T09:00 | PT7H30M      | 2026-03-02T18:00 | a whole day ends at 18:00, not next morning
			2026-03-02T09:00 | PT7H31M      | 2026-03-03T09:01 |
			2026-03-02T11:00 | PT1H         | 2026-03-02T12:00 |
			2026-03-02T11:30 | PT1H         | 2026-03-02T14:00 | 30 min before lunch, 30 after
			2026-03-02T12:00 | PT1H         | 2026-03-02T14:30 | at the lunch boundary
			2026-03-02T12:45 | PT30M        | 2026-03-02T14:00 | in the lunch break
			2026-03-02T13:30 | PT4H30M      | 2026-03-02T18:00 |
			2026-03-02T17:00 | PT1H         | 2026-03-02T18:00 | exact end of the day stays there
			2026-03-02T17:59 | PT1H         | 2026-03-03T09:59 |
			2026-03-02T18:00 | PT1H         | 2026-03-03T10:00 | at closing
			2026-03-02T23:59 | PT1M         | 2026-03-03T09:01 |
			2026-03-02T07:00 | PT1H         | 2026-03-02T10:00 | before opening
			2026-03-02T09:00 | PT24H        | 2026-03-05T10:30 | 3 × 7.5 h + 1.5 h
			2026-03-06T17:00 | PT2H         | 2026-03-09T10:00 | Friday → over the weekend
			2026-03-07T10:00 | PT1H         | 2026-03-09T10:00 | on a Saturday
			2026-03-08T23:00 | PT7H30M      | 2026-03-09T18:00 |
			2026-04-03T17:00 | PT2H         | 2026-04-07T10:00 | over 清明节 (Sat–Mon)
			2025-12-31T17:00 | PT2H         | 2026-01-04T10:00 | over 元旦 onto the make-up Sunday
			2026-02-13T17:00 | PT2H         | 2026-02-14T10:00 | the make-up Saturday counts
			2026-02-14T17:00 | PT2H         | 2026-02-24T10:00 | over the whole Spring Festival
			2026-02-13T09:00 | PT24H        | 2026-02-25T10:30 | Fri + make-up Sat + Tue + 1.5 h
			2026-09-30T17:00 | PT1H30M      | 2026-10-08T09:30 | over National Day
			2026-03-07T10:00 | PT0S         | 2026-03-07T10:00 | nothing to do: the start itself
			""")
	void addWorkingTime(String start, Duration workingTime, String due, String note) {
		assertThat(CALENDAR.addWorkingTime(at(start), workingTime)).isEqualTo(at(due));
	}

	@ParameterizedTest(name = "{0} + {1} working days → {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			# start          | days | due              | note
			2026-03-02T10:15 | 1    | 2026-03-03T10:15 | same time of day
			2026-03-02T09:00 | 2    | 2026-03-04T09:00 | at opening
			2026-03-02T18:00 | 1    | 2026-03-03T18:00 | at closing
			2026-03-02T12:00 | 1    | 2026-03-03T12:00 | end of the morning
			2026-03-02T12:30 | 1    | 2026-03-03T12:00 | lunch: back to the end of the morning
			2026-03-02T20:00 | 1    | 2026-03-03T18:00 | after hours: end of the working day
			2026-03-02T08:00 | 1    | 2026-03-02T18:00 | before hours: the whole of that day
			2026-03-06T10:15 | 1    | 2026-03-09T10:15 | Friday → Monday
			2026-03-07T10:00 | 1    | 2026-03-09T18:00 | Saturday: end of Monday
			2026-03-07T10:00 | 5    | 2026-03-13T18:00 |
			2026-02-13T10:00 | 2    | 2026-02-24T10:00 | make-up Saturday, then the Spring Festival
			2026-02-13T10:00 | 5    | 2026-02-27T10:00 |
			2026-02-13T10:00 | 15   | 2026-03-12T10:00 | includes the make-up Saturday 02-28
			2026-02-15T10:00 | 2    | 2026-02-25T18:00 | during the holiday: from the end of 02-14
			2026-09-18T10:00 | 2    | 2026-09-21T10:00 | make-up Sunday 09-20
			2026-09-24T10:00 | 2    | 2026-09-29T10:00 | over 中秋节
			2026-09-30T10:00 | 2    | 2026-10-09T10:00 | over National Day
			2026-09-30T10:00 | 5    | 2026-10-13T10:00 | make-up Saturday 10-10
			2026-09-30T10:00 | 15   | 2026-10-27T10:00 |
			2026-10-03T10:00 | 1    | 2026-10-08T18:00 | received during the holiday
			2026-03-07T10:00 | 0    | 2026-03-07T10:00 | zero: the start itself
			""")
	void addWorkingDays(String start, int days, String due, String note) {
		assertThat(CALENDAR.addWorkingDays(at(start), days)).isEqualTo(at(due));
	}

	@ParameterizedTest(name = "{0} → {1} = {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			# from           | to               | working time | note
			2026-03-02T09:00 | 2026-03-02T18:00 | PT7H30M      | one day
			2026-03-02T11:00 | 2026-03-02T14:00 | PT1H30M      | over lunch
			2026-03-02T12:10 | 2026-03-02T13:20 | PT0S         | within lunch
			2026-03-02T12:00 | 2026-03-02T13:30 | PT0S         | exactly lunch
			2026-03-02T17:59 | 2026-03-03T09:01 | PT2M         | overnight
			2026-03-06T17:00 | 2026-03-09T10:00 | PT2H         | over a weekend
			2026-03-07T00:00 | 2026-03-09T00:00 | PT0S         | a weekend
			2026-02-13T09:00 | 2026-02-25T09:00 | PT22H30M     | Fri, make-up Sat, Tue
			2026-01-01T00:00 | 2027-01-01T00:00 | PT1860H      | 2026: 248 working days × 7.5 h
			2026-03-02T10:00 | 2026-03-02T10:00 | PT0S         | same moment
			2026-03-02T11:00 | 2026-03-02T10:00 | PT0S         | backwards
			""")
	void workingTimeBetween(String from, String to, Duration expected, String note) {
		assertThat(CALENDAR.workingTimeBetween(at(from), at(to))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "between({0}, {0} + {1}) = {1}")
	@CsvSource(delimiter = '|', textBlock = """
			2026-03-02T09:00 | PT1M
			2026-03-02T11:59 | PT1M
			2026-03-02T12:00 | PT3H
			2026-03-02T17:59 | PT1H
			2026-03-07T03:00 | PT7H30M
			2026-02-13T16:20 | PT24H
			2026-09-30T12:30 | PT37H30M
			2026-01-01T00:00 | PT1860H
			2025-12-30T10:00 | PT10000H
			""")
	void workingTimeBetweenRoundTripsAddWorkingTime(String start, Duration workingTime) {
		Instant s = at(start);
		Instant due = CALENDAR.addWorkingTime(s, workingTime);
		assertThat(CALENDAR.workingTimeBetween(s, due)).isEqualTo(workingTime);
		assertThat(CALENDAR.isWorkingTime(due)).isTrue();
	}

	@Test
	void workingDaysAreWholeDaysOfWorkingTime() {
		for (String start : List.of("2026-03-02T10:15", "2026-03-07T10:00", "2026-02-13T17:59", "2026-09-30T20:00")) {
			for (int days : new int[] { 1, 2, 5, 15 }) {
				Instant s = at(start);
				assertThat(CALENDAR.workingTimeBetween(s, CALENDAR.addWorkingDays(s, days)))
					.as("%s + %d working days", start, days)
					.isEqualTo(Duration.ofMinutes(450L * days));
			}
		}
	}

	@Test
	void largeBudgetsDoNotCrawl() {
		long t0 = System.nanoTime();
		Instant due = CALENDAR.addWorkingTime(at("2026-01-01T00:00"), Duration.ofHours(7500 * 20));
		Duration back = CALENDAR.workingTimeBetween(at("2026-01-01T00:00"), due);
		assertThat(back).isEqualTo(Duration.ofHours(7500 * 20));
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void configurableHours() {
		WorkingCalendar c = new WorkingCalendar(Set.of(), Set.of(),
				List.of(WorkingInterval.parse("14:00-17:30"), WorkingInterval.parse("08:30 - 12:00")));
		assertThat(c.hours()).extracting(WorkingInterval::start).containsExactly(LocalTime.of(8, 30), LocalTime.of(14, 0));
		assertThat(c.workingDayLength()).isEqualTo(Duration.ofHours(7));
		assertThat(c.addWorkingTime(at("2026-03-02T11:00"), Duration.ofHours(2))).isEqualTo(at("2026-03-02T15:00"));
		assertThat(c.addWorkingDays(at("2026-03-02T13:00"), 1)).isEqualTo(at("2026-03-03T12:00"));
	}

	@Test
	void refusesInconsistentConfiguration() {
		LocalDate d = LocalDate.of(2026, 2, 14);
		assertThatThrownBy(() -> new WorkingCalendar(Set.of(d), Set.of(d), WorkingCalendar.DEFAULT_HOURS))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new WorkingCalendar(Set.of(), Set.of(), List.of()))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new WorkingCalendar(Set.of(), Set.of(),
				List.of(WorkingInterval.parse("09:00-12:00"), WorkingInterval.parse("11:00-13:00"))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> WorkingInterval.parse("18:00-09:00")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> WorkingInterval.parse("9h-12h")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CALENDAR.addWorkingTime(at("2026-03-02T09:00"), Duration.ofHours(-1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CALENDAR.addWorkingDays(at("2026-03-02T09:00"), -1))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
