package org.civicloop.seal.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a seal may be used without raising OUT_OF_HOURS: {@code from} inclusive to {@code to}
 * exclusive on the given days, Beijing time. Parsed from {@code "08:00-18:00"} and
 * {@code "MON-FRI"} or {@code "MON,TUE,SAT"}.
 */
record ServiceHours(LocalTime from, LocalTime to, Set<DayOfWeek> days) {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	ServiceHours {
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("service hours must start before they end: " + from + "-" + to);
		}
		days = Set.copyOf(days);
	}

	static ServiceHours parse(String hours, String days) {
		String[] hm = hours.trim().split("-");
		if (hm.length != 2) {
			throw new IllegalArgumentException("service hours are HH:mm-HH:mm, not " + hours);
		}
		return new ServiceHours(LocalTime.parse(hm[0].trim()), LocalTime.parse(hm[1].trim()), parseDays(days));
	}

	static Set<DayOfWeek> parseDays(String spec) {
		EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
		for (String part : spec.trim().toUpperCase().split(",")) {
			String[] range = part.trim().split("-");
			DayOfWeek a = day(range[0]);
			DayOfWeek b = range.length > 1 ? day(range[1]) : a;
			for (DayOfWeek d = a;; d = d.plus(1)) {
				out.add(d);
				if (d == b) {
					break;
				}
			}
		}
		return out;
	}

	private static DayOfWeek day(String s) {
		String t = s.trim();
		for (DayOfWeek d : DayOfWeek.values()) {
			if (d.name().startsWith(t) && t.length() >= 3) {
				return d;
			}
		}
		throw new IllegalArgumentException("not a day of the week: " + s);
	}

	boolean within(Instant at) {
		ZonedDateTime t = at.atZone(ZONE);
		LocalTime time = t.toLocalTime();
		return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
	}
}
