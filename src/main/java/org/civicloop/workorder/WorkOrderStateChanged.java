package org.civicloop.workorder;

import java.time.Instant;

/**
 * Every transition, with who made it; {@code reason} for returns, rejections, transfers, reopenings
 * (it may be internal: a return reason is for the dispatcher only). {@code publicText} is what the
 * requester's timeline shows for this step (null when the step is internal).
 */
public record WorkOrderStateChanged(WorkOrderId id, String number, WorkOrderState from, WorkOrderState to,
		String action, String actor, String territoryCode, String reason, Instant at, String publicText) {

	/** The original shape, kept for publishers and tests that do not know the public text. */
	public WorkOrderStateChanged(WorkOrderId id, String number, WorkOrderState from, WorkOrderState to, String action,
			String actor, String territoryCode, String reason, Instant at) {
		this(id, number, from, to, action, actor, territoryCode, reason, at, null);
	}
}
