package org.civicloop.workorder.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** One configured day of the working calendar. */
public record CalendarDay(LocalDate day, DayKind kind, String nameZh, String nameEn, Instant updatedAt,
		String updatedBy) {

	public CalendarDay {
		Objects.requireNonNull(day, "day");
		Objects.requireNonNull(kind, "kind");
	}

	public boolean weekend() {
		return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
	}
}
