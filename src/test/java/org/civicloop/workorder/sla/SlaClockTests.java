package org.civicloop.workorder.sla;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicloop.workorder.sla.Holidays2026.CALENDAR;
import static org.civicloop.workorder.sla.Holidays2026.at;

/** SLA clocks on the 2026 calendar (Beijing time; 2026-03-06 is a Friday). */
class SlaClockTests {

	/**
	 * Pauses given as {@code from/until;from/until} ({@code until} may be empty for an open pause);
	 * {@code -} for none; due {@code -} when unknown (paused before it ran out).
	 */
	@ParameterizedTest(name = "{0} + {1}, pauses {2} → due {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# started          | budget  | pauses                                                | due              | note
			2026-03-02T09:00   | PT2H    | -                                                     | 2026-03-02T11:00 |
			2026-03-02T09:00   | PT2H    | 2026-03-02T10:00/2026-03-02T14:00                     | 2026-03-02T15:00 | 2.5 h of working time paused
			2026-03-02T09:00   | PT2H    | 2026-03-02T12:00/2026-03-02T13:30                     | 2026-03-02T11:00 | paused over lunch only, after it was due
			2026-03-02T09:00   | PT4H    | 2026-03-02T12:00/2026-03-02T13:30                     | 2026-03-02T14:30 | lunch pause costs nothing
			2026-03-06T16:00   | PT4H    | -                                                     | 2026-03-09T11:00 |
			2026-03-06T16:00   | PT4H    | 2026-03-06T17:00/2026-03-09T09:00                     | 2026-03-09T12:00 | across the weekend: 1 h paused
			2026-03-06T16:00   | PT4H    | 2026-03-06T18:00/2026-03-09T09:00                     | 2026-03-09T11:00 | only the weekend: nothing paused
			2026-03-06T16:00   | PT4H    | 2026-03-07T10:00/2026-03-08T10:00                     | 2026-03-09T11:00 |
			2026-03-06T16:00   | PT4H    | 2026-03-06T17:00/2026-03-09T10:00                     | 2026-03-09T14:30 | resumed mid-morning, runs over lunch
			2026-02-13T17:00   | PT2H    | 2026-02-13T17:30/2026-02-14T09:00                     | 2026-02-14T10:30 | resumed on the make-up Saturday
			2026-03-02T09:00   | PT3H    | 2026-03-02T10:00/2026-03-02T10:30;2026-03-02T11:00/2026-03-02T14:00 | 2026-03-02T15:30 |
			2026-03-02T09:00   | PT2H    | 2026-03-02T10:00/                                     | - | still paused
			2026-03-02T09:00   | PT1H    | 2026-03-02T11:00/                                     | 2026-03-02T10:00 | paused after it was due
			2026-03-02T09:00   | PT0S    | -                                                     | 2026-03-02T09:00 |
			""")
	void dueAt(String started, Duration budget, String pauses, String due, String note) {
		SlaClock clock = clock(started, budget, pauses);
		assertThat(clock.dueAt(CALENDAR)).isEqualTo(due == null ? null : at(due));
	}

	@ParameterizedTest(name = "{0} + {1}, pauses {2}, at {3}: remaining {4}, overdue {5}, due soon (20%) {6}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# started          | budget  | pauses                                  | now               | remaining | overdue | dueSoon | note
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T09:00  | PT2H      | false   | false |
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T10:30  | PT30M     | false   | false |
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T10:36  | PT24M     | false   | true | exactly a fifth left
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T11:00  | PT0S      | false   | true | at the due minute
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T11:01  | -PT1M     | true    | false |
			2026-03-02T09:00   | PT2H    | -                                       | 2026-03-02T12:30  | -PT1H     | true    | false |
			2026-03-02T09:00   | PT7H30M | -                                       | 2026-03-02T20:00  | PT0S      | true    | false | evening of the due day
			2026-03-02T09:00   | PT10H   | -                                       | 2026-03-03T09:00  | PT2H30M   | false   | false |
			2026-03-02T09:00   | PT10H   | -                                       | 2026-03-03T09:30  | PT2H      | false   | true |
			2026-03-06T16:00   | PT4H    | 2026-03-06T17:00/2026-03-09T09:00       | 2026-03-07T12:00  | PT3H      | false   | false |
			2026-03-06T16:00   | PT4H    | 2026-03-06T17:00/2026-03-09T09:00       | 2026-03-09T11:30  | PT30M     | false   | true  | under a fifth of 4 h left
			2026-03-06T16:00   | PT4H    | 2026-03-06T17:00/2026-03-09T09:00       | 2026-03-09T12:00  | PT0S      | false   | true |
			2026-03-02T09:00   | PT2H    | 2026-03-02T10:00/                       | 2026-03-05T10:00  | PT1H      | false   | false | paused: time stands still
			2026-03-02T09:00   | PT1H    | 2026-03-02T11:00/                       | 2026-03-02T15:00  | -PT1H     | true    | false | paused too late
			""")
	void remainingOverdueAndDueSoon(String started, Duration budget, String pauses, String now, Duration remaining,
			boolean overdue, boolean dueSoon, String note) {
		SlaClock clock = clock(started, budget, pauses);
		assertThat(clock.remaining(at(now), CALENDAR)).isEqualTo(remaining);
		assertThat(clock.isOverdue(at(now), CALENDAR)).isEqualTo(overdue);
		assertThat(clock.isDueSoon(at(now), CALENDAR, 0.2)).isEqualTo(dueSoon);
	}

	@Test
	void pauseAndResumeReturnNewClocks() {
		SlaClock running = SlaClock.start(at("2026-03-02T09:00"), Duration.ofHours(2));
		SlaClock paused = running.pause(at("2026-03-02T10:00"));
		assertThat(running.isPaused()).isFalse();
		assertThat(paused.isPaused()).isTrue();
		SlaClock resumed = paused.resume(at("2026-03-02T10:00"));
		assertThat(resumed.isPaused()).isFalse();
		assertThat(resumed.dueAt(CALENDAR)).isEqualTo(running.dueAt(CALENDAR));
		assertThat(resumed.pauses()).containsExactly(new SlaClock.Pause(at("2026-03-02T10:00"), at("2026-03-02T10:00")));
	}

	@Test
	void illegalUseIsRefused() {
		SlaClock running = SlaClock.start(at("2026-03-02T09:00"), Duration.ofHours(2));
		SlaClock paused = running.pause(at("2026-03-02T10:00"));
		SlaClock resumed = paused.resume(at("2026-03-02T11:00"));
		assertThatThrownBy(() -> paused.pause(at("2026-03-02T10:30"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> running.resume(at("2026-03-02T10:30"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> resumed.resume(at("2026-03-02T11:30"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> paused.resume(at("2026-03-02T09:59"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> running.pause(at("2026-03-02T08:59"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> resumed.pause(at("2026-03-02T10:59"))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> SlaClock.start(at("2026-03-02T09:00"), Duration.ofHours(-1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> running.isDueSoon(at("2026-03-02T09:00"), CALENDAR, 1.5))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static SlaClock clock(String started, Duration budget, String pauses) {
		SlaClock clock = SlaClock.start(at(started), budget);
		if (pauses == null) {
			return clock;
		}
		for (String p : pauses.split(";")) {
			String[] fromUntil = p.split("/", -1);
			clock = clock.pause(at(fromUntil[0]));
			if (!fromUntil[1].isBlank()) {
				clock = clock.resume(at(fromUntil[1]));
			}
		}
		return clock;
	}

	static Instant instant(String local) {
		return at(local);
	}
}
