package org.civicloop.workorder;

/**
 * Where a work order stands. RETURNED means handed back to the dispatcher with a reason (退单);
 * REJECTED means not accepted, with a reason shown to the requester (不予受理); MERGED means closed
 * as a duplicate of another order.
 */
public enum WorkOrderState {

	SUBMITTED, ACCEPTED, IN_PROGRESS, RETURNED, REPLIED, RATED, CLOSED, REJECTED, MERGED;

	/** Open for the purposes of Open311 and of "件件有着落": someone still owes an answer. */
	public boolean isOpen() {
		return this == SUBMITTED || this == ACCEPTED || this == IN_PROGRESS || this == RETURNED;
	}
}
