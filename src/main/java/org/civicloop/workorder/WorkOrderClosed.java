package org.civicloop.workorder;

import java.time.Instant;

public record WorkOrderClosed(WorkOrderId id, String number, String territoryCode, Integer rating, Instant at) {
}
