package org.civicloop.workorder.sla;

import java.util.Locale;

/** An exception to "Monday to Friday": a public holiday, or a make-up working day (调休上班). */
public enum DayKind {

	HOLIDAY, WORKDAY;

	/** @throws IllegalArgumentException naming the allowed values */
	public static DayKind parse(String text) {
		if (text != null) {
			for (DayKind k : values()) {
				if (k.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
					return k;
				}
			}
		}
		throw new IllegalArgumentException("Unknown kind of day '" + text + "': HOLIDAY or WORKDAY");
	}
}
