package org.civicloop.workorder.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The dashboard's period: days [from, to) of Asia/Shanghai, like {@code /api/v1/workorders/indicators}.
 * A bad choice is a {@link Invalid} with the message key to show on the form, never an error page.
 */
record DashboardPeriod(String name, LocalDate from, LocalDate to) {

	static final List<String> NAMES = List.of("this-month", "last-month", "this-week", "last-30", "custom");

	static final String DEFAULT = "last-30";

	private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

	private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);

	static final class Invalid extends RuntimeException {

		final String key;

		Invalid(String key) {
			super(key, null, false, false);
			this.key = key;
		}
	}

	static DashboardPeriod of(String name, String from, String to, LocalDate today) {
		String n = name == null || name.isBlank() ? DEFAULT : name;
		return switch (n) {
			case "this-month" -> new DashboardPeriod(n, today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1));
			case "last-month" -> new DashboardPeriod(n, today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1));
			case "this-week" -> {
				LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
				yield new DashboardPeriod(n, monday, monday.plusDays(7));
			}
			case "last-30" -> new DashboardPeriod(n, today.minusDays(29), today.plusDays(1));
			case "custom" -> custom(from, to);
			default -> throw new Invalid("wo.dash.error.period");
		};
	}

	static DashboardPeriod custom(String from, String to) {
		LocalDate f = date(from);
		LocalDate t = date(to);
		if (!f.isBefore(t)) {
			throw new Invalid("wo.dash.error.order");
		}
		if (f.plusYears(1).isBefore(t)) {
			throw new Invalid("wo.dash.error.span");
		}
		return new DashboardPeriod("custom", f, t);
	}

	private static LocalDate date(String s) {
		if (s == null || s.isBlank()) {
			throw new Invalid("wo.dash.error.date");
		}
		LocalDate d;
		try {
			d = LocalDate.parse(s.strip());
		}
		catch (DateTimeParseException e) {
			throw new Invalid("wo.dash.error.date");
		}
		// ISO admits years like +999999999, where adding a year overflows and SQL dates end
		if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
			throw new Invalid("wo.dash.error.date");
		}
		return d;
	}
}
