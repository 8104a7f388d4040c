package org.civicloop.device;

import java.time.Instant;

/**
 * A device as other modules see it. {@code lastSeq} is the highest sequence number accepted,
 * {@code lastSeenAt} when the platform last heard from it (any verified message), {@code online}
 * whether it is connected to the broker now.
 */
public record DeviceView(DeviceId id, DeviceKind kind, String territoryCode, String label, DeviceStatus status,
		int credentialVersion, long lastSeq, Instant lastSeenAt, boolean online) {
}
