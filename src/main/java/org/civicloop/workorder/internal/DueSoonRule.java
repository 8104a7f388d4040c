package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;

import org.civicloop.workorder.sla.WorkingCalendar;

/**
 * When an open order counts as due soon: its running deadline is not yet past and at most
 * {@link #threshold} of WORKING time is left (counted on the calendar, so Friday 17:00 with a deadline on
 * Monday 10:00 has 2 h left, not 65). The threshold is {@code warn}, shortened to
 * {@code fraction} of the clock's budget when that is smaller, so that a 1-hour urgent clock does
 * not start out "due soon" (fraction 0 switches the shortening off).
 */
public record DueSoonRule(Duration warn, double fraction) {

	public DueSoonRule {
		if (warn == null || warn.isNegative()) {
			throw new IllegalArgumentException("due-soon warn time must be ≥ 0: " + warn);
		}
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException("due-soon fraction must be within [0, 1]: " + fraction);
		}
	}

	/** The working time left at which an order with this budget becomes due soon. */
	public Duration threshold(Duration budget) {
		if (fraction == 0 || budget == null) {
			return warn;
		}
		Duration share = Duration.ofSeconds((long) (budget.toSeconds() * fraction));
		return share.compareTo(warn) < 0 ? share : warn;
	}

	/**
	 * @param start when the clock started (its budget is the working time from start to due)
	 * @param due the running deadline
	 */
	public boolean isDueSoon(WorkingCalendar calendar, Instant start, Instant due, Instant now) {
		if (due == null || due.isBefore(now)) {
			return false;
		}
		Duration budget = start == null || !start.isBefore(due) ? null : calendar.workingTimeBetween(start, due);
		return calendar.workingTimeBetween(now, due).compareTo(threshold(budget)) <= 0;
	}

	/**
	 * A clock-time bound for the scanner's SQL: every deadline that can be due soon at {@code now}
	 * lies before it. One minute past the warn time skips over a closing interval end (18:00 →
	 * the next working day's 09:01), where all deadlines of the non-working gap still have the same
	 * working time left.
	 */
	public Instant horizon(WorkingCalendar calendar, Instant now) {
		return calendar.addWorkingTime(now, warn.plusMinutes(1));
	}
}
