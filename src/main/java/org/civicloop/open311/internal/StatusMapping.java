package org.civicloop.open311.internal;

import org.civicloop.workorder.WorkOrderState;

/**
 * How a work-order state appears to Open311 clients: GeoReport v2's {@code open}/{@code closed}
 * and mySociety's extended status (the table is in the module's package-info and docs/open311.md).
 * Open follows {@link WorkOrderState#isOpen()}: a replied order counts as closed for the public even
 * though a poor rating may reopen it (it then shows as open again).
 */
public final class StatusMapping {

	private StatusMapping() {
	}

	/** {@code open} or {@code closed}. */
	public static String status(WorkOrderState state) {
		return state.isOpen() ? "open" : "closed";
	}

	/** mySociety's extended status. */
	public static String extended(WorkOrderState state) {
		return switch (state) {
			case SUBMITTED -> "OPEN";
			case ACCEPTED -> "ACTION_SCHEDULED";
			case IN_PROGRESS -> "IN_PROGRESS";
			case RETURNED -> "INVESTIGATING";
			case REPLIED, RATED, CLOSED -> "FIXED";
			case REJECTED -> "NOT_COUNCILS_RESPONSIBILITY";
			case MERGED -> "DUPLICATE";
		};
	}
}
