package org.civicloop.workorder;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A work order as other modules and adapters (Open311) see it. {@code number} is the public
 * reference (e.g. {@code HZ20261127-000123}) that requesters quote on the phone. {@code attributes}
 * are the answers to the category's questions plus what a channel keeps (Open311: {@code open311.media_url} …).
 */
public record WorkOrderView(WorkOrderId id, String number, String categoryCode, String description,
		WorkOrderState state, Priority priority, Channel channel, String territoryCode, Double lat, Double lng,
		String address, boolean anonymous, UUID requesterId, String responsibleUnit, String publicReply,
		Integer rating, Instant submittedAt, Instant acceptDueAt, Instant replyDueAt, boolean overdue,
		Instant updatedAt, Map<String, String> attributes) {

	public WorkOrderView {
		attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
	}

	/** Without answers to the category's questions (and the channel's extras). */
	public WorkOrderView(WorkOrderId id, String number, String categoryCode, String description, WorkOrderState state,
			Priority priority, Channel channel, String territoryCode, Double lat, Double lng, String address,
			boolean anonymous, UUID requesterId, String responsibleUnit, String publicReply, Integer rating,
			Instant submittedAt, Instant acceptDueAt, Instant replyDueAt, boolean overdue, Instant updatedAt) {
		this(id, number, categoryCode, description, state, priority, channel, territoryCode, lat, lng, address, anonymous,
				requesterId, responsibleUnit, publicReply, rating, submittedAt, acceptDueAt, replyDueAt, overdue, updatedAt,
				Map.of());
	}
}
