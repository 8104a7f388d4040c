package org.civicloop.device;

import java.util.regex.Pattern;

/**
 * A device's serial as printed on it and used in its MQTT topics and client id: 3–64 characters of
 * {@code A-Z a-z 0-9 - _ .}, so it can never widen a topic filter ({@code + # /}). In JSON it is
 * the bare string.
 */
public record DeviceId(@com.fasterxml.jackson.annotation.JsonValue String value) {

	private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{3,64}");

	public DeviceId {
		if (value == null || !SHAPE.matcher(value).matches()) {
			throw new IllegalArgumentException("a device id has 3-64 characters of A-Z a-z 0-9 . _ -");
		}
	}

	public static DeviceId of(String value) {
		return new DeviceId(value);
	}

	@Override
	public String toString() {
		return value;
	}
}
