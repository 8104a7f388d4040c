package org.civicloop.device;

import java.time.Instant;

/** A command reached its expiry without an acknowledgement. */
public record DeviceCommandExpired(CommandId commandId, DeviceId deviceId, String type, Instant at) {
}
