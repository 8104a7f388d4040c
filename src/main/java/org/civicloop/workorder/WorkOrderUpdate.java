package org.civicloop.workorder;

import java.time.Instant;

/** One public step of a work order's timeline (internal notes are never included). */
public record WorkOrderUpdate(long updateId, WorkOrderId workOrderId, String number, Instant at, WorkOrderState state,
		String action, String publicText) {
}
