package org.civicloop.workorder.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When government offices work, in Beijing time (Asia/Shanghai): Monday to Friday, minus the
 * public holidays, plus the make-up working days (调休上班, usually a Saturday or Sunday around a
 * long holiday); on a working day, within the working intervals (by default 09:00–12:00 and
 * 13:30–18:00). Immutable and free of Spring, so that SLA rules can be tested as plain tables.
 * <p>
 * Interval starts and ends are both working moments: work stops <em>at</em> 12:00, so a budget
 * that runs out exactly at the end of an interval ends there and is not rolled over to the next
 * interval or day. Calculations step a day at a time (a year of budget is a few hundred steps),
 * never a minute at a time.
 */
public final class WorkingCalendar {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	public static final List<WorkingInterval> DEFAULT_HOURS = List.of(
			new WorkingInterval(LocalTime.of(9, 0), LocalTime.of(12, 0)),
			new WorkingInterval(LocalTime.of(13, 30), LocalTime.of(18, 0)));

	/** No real calendar goes this long without a working day; beyond it the data must be wrong. */
	private static final int MAX_IDLE_DAYS = 400;

	private final Set<LocalDate> holidays;
	private final Set<LocalDate> makeUpWorkdays;
	private final List<WorkingInterval> hours;
	private final Duration workingDay;

	/**
	 * @param holidays days off that would otherwise be working days (weekends may be listed too)
	 * @param makeUpWorkdays days worked that would otherwise be off (调休上班)
	 * @param hours non-overlapping working intervals of a working day, in any order
	 * @throws IllegalArgumentException if a day is both, or the intervals are empty or overlap
	 */
	public WorkingCalendar(Collection<LocalDate> holidays, Collection<LocalDate> makeUpWorkdays,
			List<WorkingInterval> hours) {
		this.holidays = Set.copyOf(holidays);
		this.makeUpWorkdays = Set.copyOf(makeUpWorkdays);
		for (LocalDate d : this.makeUpWorkdays) {
			if (this.holidays.contains(d)) {
				throw new IllegalArgumentException(d + " cannot be both a holiday and a make-up working day");
			}
		}
		List<WorkingInterval> sorted = new ArrayList<>(Objects.requireNonNull(hours, "hours"));
		if (sorted.isEmpty()) {
			throw new IllegalArgumentException("At least one working interval is needed");
		}
		sorted.sort(Comparator.comparing(WorkingInterval::start));
		Duration total = Duration.ZERO;
		for (int i = 0; i < sorted.size(); i++) {
			if (i > 0 && sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
				throw new IllegalArgumentException("Working intervals overlap: " + sorted.get(i - 1) + ", " + sorted.get(i));
			}
			total = total.plus(sorted.get(i).length());
		}
		this.hours = List.copyOf(sorted);
		this.workingDay = total;
	}

	/** Monday to Friday with the default hours and no holidays. */
	public static WorkingCalendar weekdays() {
		return new WorkingCalendar(Set.of(), Set.of(), DEFAULT_HOURS);
	}

	public Set<LocalDate> holidays() {
		return holidays;
	}

	public Set<LocalDate> makeUpWorkdays() {
		return makeUpWorkdays;
	}

	/** The working intervals of a working day, earliest first. */
	public List<WorkingInterval> hours() {
		return hours;
	}

	/** The working time of one working day (7 h 30 min with the default hours). */
	public Duration workingDayLength() {
		return workingDay;
	}

	public boolean isWorkingDay(LocalDate day) {
		if (makeUpWorkdays.contains(day)) {
			return true;
		}
		DayOfWeek dow = day.getDayOfWeek();
		return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(day);
	}

	/** Whether {@code at} falls within working hours of a working day (interval ends included). */
	public boolean isWorkingTime(Instant at) {
		LocalDateTime t = local(at);
		if (!isWorkingDay(t.toLocalDate())) {
			return false;
		}
		LocalTime time = t.toLocalTime();
		return hours.stream().anyMatch(i -> !time.isBefore(i.start()) && !time.isAfter(i.end()));
	}

	/**
	 * The moment when {@code workingTime} of work has been done, starting at {@code start}. A start
	 * outside working time begins at the next working moment; the result is never moved past the
	 * end of the interval in which the time runs out. A zero duration returns {@code start} itself.
	 * @throws IllegalArgumentException for a negative duration
	 */
	public Instant addWorkingTime(Instant start, Duration workingTime) {
		Objects.requireNonNull(start, "start");
		if (workingTime.isNegative()) {
			throw new IllegalArgumentException("Working time must not be negative: " + workingTime);
		}
		if (workingTime.isZero()) {
			return start;
		}
		LocalDateTime t = local(start);
		LocalDate day = t.toLocalDate();
		LocalTime from = t.toLocalTime();
		Duration remaining = workingTime;
		int idle = 0;
		while (true) {
			if (isWorkingDay(day)) {
				idle = 0;
				if (from.equals(LocalTime.MIDNIGHT) && remaining.compareTo(workingDay) > 0) {
					// a whole working day fits: skip it without looking at its intervals
					remaining = remaining.minus(workingDay);
				}
				else {
					for (WorkingInterval i : hours) {
						if (!i.end().isAfter(from)) {
							continue;
						}
						LocalTime s = from.isAfter(i.start()) ? from : i.start();
						Duration available = Duration.between(s, i.end());
						if (remaining.compareTo(available) <= 0) {
							return instant(day, s.plus(remaining));
						}
						remaining = remaining.minus(available);
					}
				}
			}
			else if (++idle > MAX_IDLE_DAYS) {
				throw new IllegalStateException("No working day within " + MAX_IDLE_DAYS + " days after " + day);
			}
			day = day.plusDays(1);
			from = LocalTime.MIDNIGHT;
		}
	}

	/**
	 * {@code days} working days after {@code start}, at the same time of day. The rule:
	 * <ol>
	 * <li>the start is first moved back to the latest working moment at or before it (the
	 * "anchor"): a start within working hours is its own anchor; a start in the lunch break goes
	 * back to the end of the morning (12:00); a start after hours, before hours or on a day off
	 * goes back to the end of the previous working time (e.g. Friday 18:00 for a Saturday);</li>
	 * <li>the result is the {@code days}-th working day after the anchor's day at the anchor's
	 * time of day.</li>
	 * </ol>
	 * So a request received on Saturday or at 20:00 is due at the end of the working day
	 * ({@code 18:00}) {@code days} working days after the last working day, which gives the handler
	 * {@code days} full working days; one received at 10:15 is due at 10:15. With the same hours
	 * on every working day the result is always exactly {@code days} × the working-day length of
	 * working time after the start. Zero days returns {@code start} itself.
	 * @throws IllegalArgumentException for a negative number of days
	 */
	public Instant addWorkingDays(Instant start, int days) {
		Objects.requireNonNull(start, "start");
		if (days < 0) {
			throw new IllegalArgumentException("Working days must not be negative: " + days);
		}
		if (days == 0) {
			return start;
		}
		LocalDateTime anchor = anchor(local(start));
		LocalDate day = anchor.toLocalDate();
		int counted = 0;
		int idle = 0;
		while (counted < days) {
			day = day.plusDays(1);
			if (isWorkingDay(day)) {
				counted++;
				idle = 0;
			}
			else if (++idle > MAX_IDLE_DAYS) {
				throw new IllegalStateException("No working day within " + MAX_IDLE_DAYS + " days after " + day);
			}
		}
		return instant(day, anchor.toLocalTime());
	}

	/** The working time between two moments; zero when {@code to} is not after {@code from}. */
	public Duration workingTimeBetween(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return Duration.ZERO;
		}
		LocalDateTime a = local(from);
		LocalDateTime b = local(to);
		LocalDate first = a.toLocalDate();
		LocalDate last = b.toLocalDate();
		if (first.equals(last)) {
			return within(first, a.toLocalTime(), b.toLocalTime());
		}
		Duration total = within(first, a.toLocalTime(), LocalTime.MAX);
		for (LocalDate d = first.plusDays(1); d.isBefore(last); d = d.plusDays(1)) {
			if (isWorkingDay(d)) {
				total = total.plus(workingDay);
			}
		}
		return total.plus(within(last, LocalTime.MIDNIGHT, b.toLocalTime()));
	}

	/** Working time of one day between two times of that day. */
	private Duration within(LocalDate day, LocalTime from, LocalTime to) {
		if (!isWorkingDay(day)) {
			return Duration.ZERO;
		}
		Duration total = Duration.ZERO;
		for (WorkingInterval i : hours) {
			LocalTime s = from.isAfter(i.start()) ? from : i.start();
			LocalTime e = to.isBefore(i.end()) ? to : i.end();
			if (e.isAfter(s)) {
				total = total.plus(Duration.between(s, e));
			}
		}
		return total;
	}

	/** The latest working moment at or before {@code t}. */
	private LocalDateTime anchor(LocalDateTime t) {
		LocalDate day = t.toLocalDate();
		if (isWorkingDay(day)) {
			LocalTime time = t.toLocalTime();
			LocalTime best = null;
			for (WorkingInterval i : hours) {
				if (!time.isBefore(i.start()) && !time.isAfter(i.end())) {
					return t;
				}
				if (i.end().isBefore(time)) {
					best = i.end();
				}
			}
			if (best != null) {
				return day.atTime(best);
			}
		}
		for (int back = 1; back <= MAX_IDLE_DAYS; back++) {
			LocalDate d = day.minusDays(back);
			if (isWorkingDay(d)) {
				return d.atTime(hours.get(hours.size() - 1).end());
			}
		}
		throw new IllegalStateException("No working day within " + MAX_IDLE_DAYS + " days before " + day);
	}

	private static LocalDateTime local(Instant at) {
		return LocalDateTime.ofInstant(at, ZONE);
	}

	private static Instant instant(LocalDate day, LocalTime time) {
		return day.atTime(time).atZone(ZONE).toInstant();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof WorkingCalendar c && holidays.equals(c.holidays) && makeUpWorkdays.equals(c.makeUpWorkdays)
				&& hours.equals(c.hours);
	}

	@Override
	public int hashCode() {
		return Objects.hash(holidays, makeUpWorkdays, hours);
	}

	@Override
	public String toString() {
		return "WorkingCalendar[hours=" + hours + ", holidays=" + holidays.size() + ", makeUpWorkdays="
				+ makeUpWorkdays.size() + "]";
	}
}
