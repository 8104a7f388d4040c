package org.civicloop.audit.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Time filters as an ISO instant ({@code 2026-05-01T08:00:00Z}) or a date in Hangzhou's time zone. */
final class TimeParam {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private TimeParam() {
	}

	static Instant start(String s) {
		return parse(s, false);
	}

	/** For a date, the end is exclusive: the start of the next day. */
	static Instant end(String s) {
		return parse(s, true);
	}

	private static Instant parse(String s, boolean end) {
		if (s == null || s.isBlank()) {
			return null;
		}
		String v = s.strip();
		try {
			if (v.length() == 10) {
				LocalDate d = LocalDate.parse(v);
				return (end ? d.plusDays(1) : d).atStartOfDay(ZONE).toInstant();
			}
			if (v.length() == 16 && v.charAt(10) == 'T') {
				return java.time.LocalDateTime.parse(v).atZone(ZONE).toInstant();
			}
			return Instant.parse(v);
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException("not a date or ISO-8601 instant: " + v);
		}
	}
}
