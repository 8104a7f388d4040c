package org.civicloop.workorder.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The 2026 arrangement of the State Council (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04),
 * as the V50 migration seeds it; the tests compare the two.
 */
final class Holidays2026 {

	static final List<LocalDate> HOLIDAYS = new ArrayList<>();
	static final List<LocalDate> MAKE_UP = List.of(LocalDate.of(2026, 1, 4), LocalDate.of(2026, 2, 14),
			LocalDate.of(2026, 2, 28), LocalDate.of(2026, 5, 9), LocalDate.of(2026, 9, 20), LocalDate.of(2026, 10, 10));

	static {
		range(1, 1, 1, 3); // 元旦
		range(2, 15, 2, 23); // 春节
		range(4, 4, 4, 6); // 清明节
		range(5, 1, 5, 5); // 劳动节
		range(6, 19, 6, 21); // 端午节
		range(9, 25, 9, 27); // 中秋节
		range(10, 1, 10, 7); // 国庆节
	}

	static final WorkingCalendar CALENDAR = new WorkingCalendar(HOLIDAYS, MAKE_UP, WorkingCalendar.DEFAULT_HOURS);

	private static void range(int m1, int d1, int m2, int d2) {
		for (LocalDate d = LocalDate.of(2026, m1, d1); !d.isAfter(LocalDate.of(2026, m2, d2)); d = d.plusDays(1)) {
			HOLIDAYS.add(d);
		}
	}

	/** A Beijing local date-time such as {@code 2026-03-02T09:00} as an instant. */
	static Instant at(String local) {
		return LocalDateTime.parse(local).atZone(WorkingCalendar.ZONE).toInstant();
	}

	private Holidays2026() {
	}
}
