package org.civicloop.device;

import java.time.Instant;

/** A device confirmed a command; {@code result} is what it said ("accepted", "rejected" …). */
public record DeviceCommandAcknowledged(CommandId commandId, DeviceId deviceId, String type, String result,
		String reason, Instant at) {
}
