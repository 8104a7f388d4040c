package org.civicloop.workorder;

import java.time.Instant;

/**
 * A step that does not change the state: {@code action} is {@code pause}, {@code resume},
 * {@code joint} or {@code escalate} (a person's or the scanner's), or the SLA scanner's flags
 * {@code due-soon} and {@code overdue} (then {@code due} is the deadline concerned).
 * {@code reason} may be internal; {@code publicText} is the requester's timeline text or null.
 */
public record WorkOrderProgressed(WorkOrderId id, String number, WorkOrderState state, String action, String actor,
		String territoryCode, String reason, String publicText, Instant due, Instant at) {
}
