package org.civicloop.workorder;

import java.util.UUID;

public record WorkOrderId(UUID value) {

	public WorkOrderId {
		java.util.Objects.requireNonNull(value, "work order id");
	}

	public static WorkOrderId random() {
		return new WorkOrderId(org.civicloop.shared.TimeOrderedIds.next());
	}
}
