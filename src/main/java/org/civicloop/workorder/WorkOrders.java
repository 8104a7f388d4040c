package org.civicloop.workorder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other modules and adapters (Open311, patrol apps) may do with work orders. Reads are not
 * scoped to a caller here: adapters apply their own rules (Open311 shows public fields only).
 */
public interface WorkOrders {

	List<Category> categories();

	Optional<Category> category(String code);

	/**
	 * Files a request; routing, SLA clocks and the audit entry happen in the same transaction.
	 * A repeated {@link NewWorkOrder#idempotencyKey()} returns the order created the first time.
	 * @throws IllegalArgumentException for invalid input (unknown category, no place, bad coordinates …)
	 */
	WorkOrderView submit(NewWorkOrder request);

	Optional<WorkOrderView> find(WorkOrderId id);

	Optional<WorkOrderView> findByNumber(String number);

	/** Orders submitted in [from, to), optionally of one category and state group, newest first. */
	List<WorkOrderView> submittedBetween(Instant from, Instant to, String categoryCode, Boolean open, int limit);

	/** The public timeline of one order, oldest first. */
	List<WorkOrderUpdate> publicTimeline(WorkOrderId id);

	/** Public updates of all orders in [from, to), oldest first (for Open311 servicerequestupdates). */
	List<WorkOrderUpdate> updatesBetween(Instant from, Instant to, int limit);
}
