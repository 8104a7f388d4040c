package org.civicloop.workorder.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * PLACEHOLDER until the working-calendar branch (wo-sla) is merged: weekends off, one block of
 * working time 09:00–18:00 Asia/Shanghai, no holidays. The work-order code uses only these four
 * methods, so the real calendar (holidays, make-up days, lunch break) replaces this class as is.
 */
public class WorkingCalendar {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
	private static final LocalTime START = LocalTime.of(9, 0);
	private static final LocalTime END = LocalTime.of(18, 0);

	public boolean isWorkingDay(LocalDate day) {
		DayOfWeek d = day.getDayOfWeek();
		return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
	}

	public Instant addWorkingTime(Instant start, Duration workingTime) {
		ZonedDateTime t = start.atZone(ZONE);
		long left = workingTime.toSeconds();
		while (true) {
			LocalDate day = t.toLocalDate();
			if (isWorkingDay(day)) {
				LocalDateTime from = t.toLocalTime().isBefore(START) ? day.atTime(START) : t.toLocalDateTime();
				LocalDateTime end = day.atTime(END);
				if (from.isBefore(end)) {
					long avail = Duration.between(from, end).toSeconds();
					if (left <= avail) {
						return from.plusSeconds(left).atZone(ZONE).toInstant();
					}
					left -= avail;
				}
			}
			t = day.plusDays(1).atStartOfDay(ZONE);
		}
	}

	public Instant addWorkingDays(Instant start, int days) {
		ZonedDateTime t = start.atZone(ZONE);
		LocalDate day = t.toLocalDate();
		int added = 0;
		while (added < days) {
			day = day.plusDays(1);
			if (isWorkingDay(day)) {
				added++;
			}
		}
		LocalTime time = t.toLocalTime();
		if (time.isAfter(END)) {
			time = END;
		}
		else if (time.isBefore(START)) {
			time = START;
		}
		return day.atTime(time).atZone(ZONE).toInstant();
	}

	public Duration workingTimeBetween(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return Duration.ZERO;
		}
		long total = 0;
		ZonedDateTime f = from.atZone(ZONE);
		ZonedDateTime e = to.atZone(ZONE);
		for (LocalDate day = f.toLocalDate(); !day.isAfter(e.toLocalDate()); day = day.plusDays(1)) {
			if (!isWorkingDay(day)) {
				continue;
			}
			LocalDateTime s = max(day.atTime(START), f.toLocalDateTime());
			LocalDateTime en = min(day.atTime(END), e.toLocalDateTime());
			if (s.isBefore(en)) {
				total += Duration.between(s, en).toSeconds();
			}
		}
		return Duration.ofSeconds(total);
	}

	private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
		return a.isAfter(b) ? a : b;
	}

	private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
		return a.isBefore(b) ? a : b;
	}
}
