package org.civicloop.device.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * What a device says, signed by its key: {@code {"v":1,"dev":…,"seq":…,"type":…,"at":…,"body":{…}}}.
 * {@code seq} starts at 1 and grows by one per message for the life of the device (it survives
 * reboots and credential rotations). Event types the platform knows are in {@link EventTypes};
 * a device module may define more.
 */
public record DeviceMessage(int v, String dev, long seq, String type, Instant at, Map<String, Object> body) {

	public static final int VERSION = 1;

	public DeviceMessage {
		body = body == null ? Map.of() : body;
	}
}
