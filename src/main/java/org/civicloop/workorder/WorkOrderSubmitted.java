package org.civicloop.workorder;

import java.time.Instant;

public record WorkOrderSubmitted(WorkOrderId id, String number, String categoryCode, String territoryCode,
		Channel channel, Instant at) {
}
