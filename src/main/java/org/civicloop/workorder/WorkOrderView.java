package org.civicloop.workorder;

import java.time.Instant;
import java.util.UUID;

/**
 * A work order as other modules and adapters (Open311) see it. {@code number} is the public
 * reference (e.g. {@code HZ20261127-000123}) that requesters quote on the phone.
 */
public record WorkOrderView(WorkOrderId id, String number, String categoryCode, String description,
		WorkOrderState state, Priority priority, Channel channel, String territoryCode, Double lat, Double lng,
		String address, boolean anonymous, UUID requesterId, String responsibleUnit, String publicReply,
		Integer rating, Instant submittedAt, Instant acceptDueAt, Instant replyDueAt, boolean overdue,
		Instant updatedAt) {
}
