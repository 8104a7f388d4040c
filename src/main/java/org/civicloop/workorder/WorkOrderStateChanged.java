package org.civicloop.workorder;

import java.time.Instant;

/** Every transition, with who made it; {@code reason} for returns, rejections, transfers, reopenings. */
public record WorkOrderStateChanged(WorkOrderId id, String number, WorkOrderState from, WorkOrderState to,
		String action, String actor, String territoryCode, String reason, Instant at) {
}
