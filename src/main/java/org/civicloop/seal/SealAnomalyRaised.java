package org.civicloop.seal;

import java.time.Instant;
import java.util.UUID;

/** A seal anomaly was recorded (once per source); the custodian and township inspector are alerted. */
public record SealAnomalyRaised(UUID anomalyId, SealAnomalyType type, String villageCode, UUID sealId, String deviceId,
		UUID applicationId, String detail, Instant at) {
}
