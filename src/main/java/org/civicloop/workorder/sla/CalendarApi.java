package org.civicloop.workorder.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.civicloop.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The working calendar over REST: anyone signed in may read it (due times are shown to
 * requesters too); administrators set and remove holidays and make-up working days.
 */
@RestController
@RequestMapping("/api/v1/workorders/calendar")
class CalendarApi {

	private final WorkingCalendars calendars;

	CalendarApi(WorkingCalendars calendars) {
		this.calendars = calendars;
	}

	/** A year of the calendar: the working hours and the days that differ from Monday to Friday. */
	record CalendarYear(int year, String zone, List<String> workingHours, int workingDays, List<DayBody> days) {
	}

	record DayBody(LocalDate date, DayOfWeek weekday, DayKind kind, String nameZh, String nameEn) {
		static DayBody of(CalendarDay d) {
			return new DayBody(d.day(), d.day().getDayOfWeek(), d.kind(), d.nameZh(), d.nameEn());
		}
	}

	/** What PUT takes; {@code kind} is HOLIDAY or WORKDAY. */
	record DayRequest(String kind, String nameZh, String nameEn) {
	}

	@GetMapping
	CalendarYear year(@RequestParam(required = false) Integer year) {
		int y = year == null ? LocalDate.now(WorkingCalendar.ZONE).getYear() : year;
		List<DayBody> days = calendars.year(y).stream().map(DayBody::of).toList();
		WorkingCalendar cal = calendars.current();
		int working = 0;
		for (LocalDate d = LocalDate.of(y, 1, 1); d.getYear() == y; d = d.plusDays(1)) {
			working += cal.isWorkingDay(d) ? 1 : 0;
		}
		return new CalendarYear(y, WorkingCalendar.ZONE.getId(),
				calendars.workingHours().stream().map(WorkingInterval::toString).toList(), working, days);
	}

	@PutMapping("/{date}")
	@PreAuthorize("hasRole('ADMIN')")
	DayBody put(@PathVariable String date, @RequestBody DayRequest body, Authentication auth) {
		LocalDate day = parseDate(date);
		if (body == null) {
			throw new IllegalArgumentException("A body with kind, nameZh and nameEn is required");
		}
		return DayBody.of(calendars.put(day, DayKind.parse(body.kind()), body.nameZh(), body.nameEn(), auth.getName()));
	}

	@DeleteMapping("/{date}")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> delete(@PathVariable String date, Authentication auth) {
		LocalDate day = parseDate(date);
		if (!calendars.remove(day, auth.getName())) {
			throw new NotFoundException("No holiday or make-up working day is set for " + day);
		}
		return ResponseEntity.noContent().build();
	}

	static LocalDate parseDate(String text) {
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException("Date must be an ISO date such as 2026-10-01");
		}
	}
}
