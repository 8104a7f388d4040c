package org.civicloop.device;

import java.time.Instant;

/**
 * Where a command stands: PENDING (stored, sent at least once or waiting for the device to connect),
 * ACKNOWLEDGED (the device confirmed it; {@code result} is what it said, e.g. accepted / rejected),
 * EXPIRED (not acknowledged before {@code expiresAt}), CANCELLED.
 */
public record CommandStatus(CommandId id, DeviceId deviceId, String type, State state, Instant issuedAt,
		Instant expiresAt, Instant acknowledgedAt, String result) {

	public enum State {
		PENDING, ACKNOWLEDGED, EXPIRED, CANCELLED
	}
}
