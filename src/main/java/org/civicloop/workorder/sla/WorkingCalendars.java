package org.civicloop.workorder.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The working calendar in force: the configured working hours plus the holidays and make-up
 * working days of table {@code workorder_calendar_day}. {@link #current()} is called for every
 * clock computation, so the calendar is kept in memory; a change through this bean replaces it
 * as soon as it commits, and it is read again after {@code civicloop.workorder.calendar-refresh}
 * to pick up changes made on other instances.
 */
@Service
public class WorkingCalendars {

	public static final int MIN_YEAR = 2000;
	public static final int MAX_YEAR = 2100;
	static final int MAX_NAME = 100;

	private record Loaded(WorkingCalendar calendar, Instant at) {
	}

	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final WorkingCalendarProperties properties;
	private final List<WorkingInterval> hours;
	private final Clock clock;
	private volatile Loaded loaded;

	public WorkingCalendars(JdbcClient jdbc, AuditLog audit, WorkingCalendarProperties properties) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.properties = properties;
		this.hours = properties.intervals();
		this.clock = Clock.systemUTC();
	}

	/** The calendar to compute SLA clocks with. */
	public WorkingCalendar current() {
		Loaded l = loaded;
		Instant now = clock.instant();
		if (l == null || !now.isBefore(l.at().plus(properties.calendarRefresh()))) {
			l = new Loaded(load(), now);
			loaded = l;
		}
		return l.calendar();
	}

	/** The configured working hours. */
	public List<WorkingInterval> workingHours() {
		return hours;
	}

	/** The configured days of a year, in date order. */
	public List<CalendarDay> year(int year) {
		checkYear(year);
		return jdbc.sql("SELECT day, kind, name_zh, name_en, updated_at, updated_by FROM workorder_calendar_day"
				+ " WHERE day >= ? AND day < ? ORDER BY day")
			.param(LocalDate.of(year, 1, 1))
			.param(LocalDate.of(year + 1, 1, 1))
			.query(WorkingCalendars::row)
			.list();
	}

	public Optional<CalendarDay> find(LocalDate day) {
		return jdbc.sql("SELECT day, kind, name_zh, name_en, updated_at, updated_by FROM workorder_calendar_day WHERE day = ?")
			.param(day)
			.query(WorkingCalendars::row)
			.optional();
	}

	/**
	 * Sets a day as a holiday or a make-up working day, replacing what was set for it.
	 * @throws IllegalArgumentException for a year out of range, a make-up working day that is not
	 * on a weekend (Monday to Friday are working days already), or a missing or over-long name
	 */
	@Transactional
	public CalendarDay put(LocalDate day, DayKind kind, String nameZh, String nameEn, String actor) {
		checkYear(day.getYear());
		String zh = name(nameZh, "nameZh");
		String en = name(nameEn, "nameEn");
		CalendarDay probe = new CalendarDay(day, kind, zh, en, null, actor);
		if (kind == DayKind.WORKDAY && !probe.weekend()) {
			throw new IllegalArgumentException(day + " is a " + day.getDayOfWeek()
					+ ", a working day anyway: only a Saturday or Sunday can be a make-up working day");
		}
		Optional<CalendarDay> before = find(day);
		jdbc.sql("INSERT INTO workorder_calendar_day (day, kind, name_zh, name_en, updated_at, updated_by)"
				+ " VALUES (?, ?, ?, ?, now(), ?) ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind,"
				+ " name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, updated_at = now(), updated_by = EXCLUDED.updated_by")
			.param(day)
			.param(kind.name())
			.param(zh)
			.param(en)
			.param(actor)
			.update();
		audit.record(AuditRecord.of(actor, "workorder.calendar.set", "calendar-day", day.toString())
			.detail("kind", kind.name())
			.detail("nameZh", zh)
			.detail("nameEn", en)
			.detail("previousKind", before.map(b -> b.kind().name()).orElse(null)));
		reloadAfterCommit();
		return find(day).orElseThrow();
	}

	/** Removes a configured day, so that it is an ordinary day again; false if none was set. */
	@Transactional
	public boolean remove(LocalDate day, String actor) {
		Optional<CalendarDay> before = find(day);
		if (before.isEmpty()) {
			return false;
		}
		jdbc.sql("DELETE FROM workorder_calendar_day WHERE day = ?").param(day).update();
		audit.record(AuditRecord.of(actor, "workorder.calendar.remove", "calendar-day", day.toString())
			.detail("kind", before.get().kind().name())
			.detail("nameZh", before.get().nameZh()));
		reloadAfterCommit();
		return true;
	}

	private WorkingCalendar load() {
		List<LocalDate> holidays = new ArrayList<>();
		List<LocalDate> workdays = new ArrayList<>();
		jdbc.sql("SELECT day, kind FROM workorder_calendar_day").query((rs, n) -> {
			LocalDate d = rs.getObject("day", LocalDate.class);
			(DayKind.valueOf(rs.getString("kind")) == DayKind.HOLIDAY ? holidays : workdays).add(d);
			return d;
		}).list();
		return new WorkingCalendar(holidays, workdays, hours);
	}

	private void reloadAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					loaded = null;
				}
			});
		}
		else {
			loaded = null;
		}
	}

	static void checkYear(int year) {
		if (year < MIN_YEAR || year > MAX_YEAR) {
			throw new IllegalArgumentException("Year must be between " + MIN_YEAR + " and " + MAX_YEAR + ": " + year);
		}
	}

	private static String name(String value, String field) {
		String v = value == null ? "" : value.strip();
		if (v.isEmpty()) {
			throw new IllegalArgumentException(field + " is required");
		}
		if (v.length() > MAX_NAME || v.codePoints().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(field + " must be at most " + MAX_NAME + " characters without control characters");
		}
		return v;
	}

	private static CalendarDay row(ResultSet rs, int n) throws SQLException {
		OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
		return new CalendarDay(rs.getObject("day", LocalDate.class), DayKind.valueOf(rs.getString("kind")),
				rs.getString("name_zh"), rs.getString("name_en"), updated == null ? null : updated.toInstant(),
				rs.getString("updated_by"));
	}
}
