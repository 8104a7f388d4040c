package org.civicloop.device;

import java.time.Instant;
import java.util.Map;

/**
 * One verified device event from the feed. {@code position} orders the whole feed (readers keep
 * it as their cursor); {@code seq} is the device's own counter, gap-free per device in the feed
 * order. {@code deviceTime} is the device's clock ({@code at} in the message), {@code receivedAt}
 * the platform's; {@code late} marks an event that arrived in an offline batch. {@code body} is the
 * message's body as parsed JSON (strings, numbers, booleans, lists, maps).
 */
public record DeviceEvent(long position, DeviceId deviceId, DeviceKind kind, String territoryCode, long seq,
		String type, Instant deviceTime, Instant receivedAt, boolean late, Map<String, Object> body) {
}
