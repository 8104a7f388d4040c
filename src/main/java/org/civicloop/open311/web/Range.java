package org.civicloop.open311.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A {@code start_date}/{@code end_date} range. Dates are W3C (ISO 8601): with an offset, or
 * without one (then Beijing time), or a bare date (its first moment, Beijing time). Without an
 * end it is now (or start + the maximum); without a start it is end − the maximum. A wider
 * range than the maximum, or an end before the start, is a 400.
 */
record Range(Instant from, Instant to) {

	static Range of(String start, String end, Duration max) {
		Instant from = parse("start_date", start);
		Instant to = parse("end_date", end);
		if (to == null) {
			to = from == null ? Instant.now() : from.plus(max);
		}
		if (from == null) {
			from = to.minus(max);
		}
		if (to.isBefore(from)) {
			throw Open311Exception.badRequest("end_date is before start_date");
		}
		if (Duration.between(from, to).compareTo(max) > 0) {
			throw Open311Exception.badRequest("The range from start_date to end_date may be at most " + max.toDays() + " days");
		}
		return new Range(from, to);
	}

	static Instant parse(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String v = value.strip();
		if (v.length() > 40) {
			throw Open311Exception.badRequest(name + " is not a W3C date-time");
		}
		try {
			return OffsetDateTime.parse(v).toInstant();
		}
		catch (DateTimeParseException e) {
			// try the next form
		}
		try {
			return LocalDateTime.parse(v).atZone(Doc.ZONE).toInstant();
		}
		catch (DateTimeParseException e) {
			// try the next form
		}
		try {
			return LocalDate.parse(v).atStartOfDay(Doc.ZONE).toInstant();
		}
		catch (DateTimeParseException e) {
			throw Open311Exception.badRequest(name + " is not a W3C date-time, e.g. 2026-11-27T18:00:00+08:00");
		}
	}
}
