package org.civicloop.workorder;

import java.util.Map;
import java.util.UUID;

/**
 * A request as it arrives. Either {@code territoryCode} or a location ({@code lat}/{@code lng})
 * must place it; {@code requesterId} is null for anonymous public reports and Open311 clients
 * without an account. {@code idempotencyKey} makes a retried submission return the first order.
 */
public record NewWorkOrder(String categoryCode, String description, String territoryCode, Double lat, Double lng,
		String address, Channel channel, Priority priority, boolean anonymous, UUID requesterId, String requesterName,
		String requesterContact, Map<String, String> attributes, String idempotencyKey) {
}
