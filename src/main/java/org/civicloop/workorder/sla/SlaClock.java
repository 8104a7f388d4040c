package org.civicloop.workorder.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A time limit measured in working time (time to accept, time to reply): a budget that starts
 * running at {@code startedAt} and stands still while the order waits for the requester. Working
 * time that falls within a pause is not consumed, so a pause pushes the due time back by exactly
 * the working time it covered (a pause over a weekend costs nothing). A pause that begins after
 * the due time does not make an overdue order on time again.
 * <p>
 * Immutable: {@link #pause} and {@link #resume} return a new clock. Only the last pause may be
 * open ({@code until == null}).
 *
 * @param budget working time allowed, not negative
 * @param startedAt when the clock started
 * @param pauses pauses in time order
 */
public record SlaClock(Duration budget, Instant startedAt, List<Pause> pauses) {

	/** A pause, {@code until} is null while it lasts. */
	public record Pause(Instant from, Instant until) {

		public Pause {
			Objects.requireNonNull(from, "from");
			if (until != null && until.isBefore(from)) {
				throw new IllegalArgumentException("A pause cannot end before it begins: " + from + " > " + until);
			}
		}

		public boolean isOpen() {
			return until == null;
		}
	}

	public SlaClock {
		Objects.requireNonNull(budget, "budget");
		Objects.requireNonNull(startedAt, "startedAt");
		if (budget.isNegative()) {
			throw new IllegalArgumentException("An SLA budget cannot be negative: " + budget);
		}
		pauses = pauses == null ? List.of() : List.copyOf(pauses);
		Instant previousEnd = startedAt;
		for (int i = 0; i < pauses.size(); i++) {
			Pause p = pauses.get(i);
			if (p.from().isBefore(previousEnd)) {
				throw new IllegalArgumentException("Pauses must be in order and after the start: " + p);
			}
			if (p.isOpen() && i < pauses.size() - 1) {
				throw new IllegalArgumentException("Only the last pause may be open: " + p);
			}
			previousEnd = p.until();
		}
	}

	/** A running clock without pauses. */
	public static SlaClock start(Instant startedAt, Duration budget) {
		return new SlaClock(budget, startedAt, List.of());
	}

	public boolean isPaused() {
		return !pauses.isEmpty() && pauses.get(pauses.size() - 1).isOpen();
	}

	/**
	 * Stops the clock (waiting for the requester).
	 * @throws IllegalStateException if already paused, or {@code at} is before the start or the
	 * end of the previous pause
	 */
	public SlaClock pause(Instant at) {
		Objects.requireNonNull(at, "at");
		if (isPaused()) {
			throw new IllegalStateException("The SLA clock is already paused");
		}
		Instant notBefore = pauses.isEmpty() ? startedAt : pauses.get(pauses.size() - 1).until();
		if (at.isBefore(notBefore)) {
			throw new IllegalStateException("Cannot pause at " + at + ", before " + notBefore);
		}
		List<Pause> next = new ArrayList<>(pauses);
		next.add(new Pause(at, null));
		return new SlaClock(budget, startedAt, next);
	}

	/**
	 * Starts the clock again.
	 * @throws IllegalStateException if not paused, or {@code at} is before the pause began
	 */
	public SlaClock resume(Instant at) {
		Objects.requireNonNull(at, "at");
		if (!isPaused()) {
			throw new IllegalStateException("The SLA clock is not paused");
		}
		Pause open = pauses.get(pauses.size() - 1);
		if (at.isBefore(open.from())) {
			throw new IllegalStateException("Cannot resume at " + at + ", before the pause began at " + open.from());
		}
		List<Pause> next = new ArrayList<>(pauses);
		next.set(next.size() - 1, new Pause(open.from(), at));
		return new SlaClock(budget, startedAt, next);
	}

	/**
	 * When the budget runs out. While paused, {@code null} unless it had already run out before the
	 * pause (then that past moment): the due time of a paused clock is not known until it resumes.
	 */
	public Instant dueAt(WorkingCalendar calendar) {
		Duration remaining = budget;
		Instant cursor = startedAt;
		for (Pause p : pauses) {
			Duration run = calendar.workingTimeBetween(cursor, p.from());
			if (run.compareTo(remaining) >= 0) {
				return calendar.addWorkingTime(cursor, remaining);
			}
			remaining = remaining.minus(run);
			if (p.isOpen()) {
				return null;
			}
			cursor = p.until();
		}
		return calendar.addWorkingTime(cursor, remaining);
	}

	/** Working time used up to {@code now}, pauses excluded. */
	public Duration consumed(Instant now, WorkingCalendar calendar) {
		Duration used = Duration.ZERO;
		Instant cursor = startedAt;
		for (Pause p : pauses) {
			if (!now.isAfter(p.from())) {
				return used.plus(calendar.workingTimeBetween(cursor, now));
			}
			used = used.plus(calendar.workingTimeBetween(cursor, p.from()));
			if (p.isOpen() || !now.isAfter(p.until())) {
				return used;
			}
			cursor = p.until();
		}
		return used.plus(calendar.workingTimeBetween(cursor, now));
	}

	/**
	 * Working time left at {@code now}; negative once the budget is exceeded (by that much working
	 * time). Note that it stays zero between the due time and the next working moment, while
	 * {@link #isOverdue} is already true.
	 */
	public Duration remaining(Instant now, WorkingCalendar calendar) {
		return budget.minus(consumed(now, calendar));
	}

	/** Whether {@code now} is after the due time. */
	public boolean isOverdue(Instant now, WorkingCalendar calendar) {
		Instant due = dueAt(calendar);
		return due != null && now.isAfter(due);
	}

	/**
	 * Whether a running clock is not yet overdue but has at most {@code warnFraction} of its
	 * budget left (e.g. 0.2: warn when a fifth is left). A paused clock is never due soon.
	 * @throws IllegalArgumentException unless 0 ≤ warnFraction ≤ 1
	 */
	public boolean isDueSoon(Instant now, WorkingCalendar calendar, double warnFraction) {
		if (!(warnFraction >= 0 && warnFraction <= 1)) {
			throw new IllegalArgumentException("warnFraction must be within [0, 1]: " + warnFraction);
		}
		if (isPaused() || isOverdue(now, calendar)) {
			return false;
		}
		long thresholdNanos = (long) (budget.toNanos() * warnFraction);
		return remaining(now, calendar).compareTo(Duration.ofNanos(thresholdNanos)) <= 0;
	}
}
