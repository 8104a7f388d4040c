package org.civicloop.workorder.sla;

import org.springframework.stereotype.Component;

/** PLACEHOLDER until the wo-sla branch is merged: always the weekend-only calendar. */
@Component
public class WorkingCalendars {

	private final WorkingCalendar calendar = new WorkingCalendar();

	public WorkingCalendar current() {
		return calendar;
	}
}
