package org.civicloop.workorder.sla;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code civicloop.workorder.*} settings of the working calendar.
 *
 * @param workingHours the working intervals of a working day, {@code HH:mm-HH:mm} each
 * (default 09:00-12:00 and 13:30-18:00)
 * @param calendarRefresh how long a loaded calendar is used before the table is read again, so
 * that a change made on another instance is seen (default 1 minute; changes made on this
 * instance apply at once)
 */
@ConfigurationProperties("civicloop.workorder")
public record WorkingCalendarProperties(List<String> workingHours, Duration calendarRefresh) {

	public WorkingCalendarProperties {
		workingHours = workingHours == null || workingHours.isEmpty()
				? WorkingCalendar.DEFAULT_HOURS.stream().map(WorkingInterval::toString).toList() : List.copyOf(workingHours);
		calendarRefresh = calendarRefresh == null ? Duration.ofMinutes(1) : calendarRefresh;
	}

	/** @throws IllegalArgumentException for a malformed or overlapping interval (fails the start-up) */
	public List<WorkingInterval> intervals() {
		List<WorkingInterval> out = workingHours.stream().map(WorkingInterval::parse).toList();
		new WorkingCalendar(List.of(), List.of(), out); // checks for overlaps
		return out;
	}
}
