package org.civicloop.workorder.sla;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One stretch of working hours within a day, [start, end] in Beijing time, e.g. 09:00–12:00.
 * An interval cannot cross midnight.
 */
public record WorkingInterval(LocalTime start, LocalTime end) {

	public WorkingInterval {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		if (!start.isBefore(end)) {
			throw new IllegalArgumentException("Working interval must start before it ends: " + start + "-" + end);
		}
	}

	/** Parses {@code HH:mm-HH:mm}. */
	public static WorkingInterval parse(String text) {
		String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
		if (parts.length != 2) {
			throw new IllegalArgumentException("Working interval must look like 09:00-12:00: " + text);
		}
		try {
			return new WorkingInterval(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException("Working interval must look like 09:00-12:00: " + text, e);
		}
	}

	public Duration length() {
		return Duration.between(start, end);
	}

	@Override
	public String toString() {
		return start + "-" + end;
	}
}
