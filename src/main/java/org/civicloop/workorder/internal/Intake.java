package org.civicloop.workorder.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.civicloop.workorder.NewWorkOrder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The intake of the request-per-order channels (the REST API, staff entry): submissions that
 * arrive at the same time are stored together, in one transaction ({@link GroupCommit}), instead of
 * one transaction each. Each submission is still checked, placed, routed and numbered on its own,
 * in its caller's thread, and its caller returns only once it is committed, so nothing changes for
 * the caller but the cost: one commit, one statement for the orders and their timelines and one
 * batch of audit entries per group instead of per order.
 * <p>
 * A submission with an Idempotency-Key is filed on its own, as is one made inside a transaction
 * already open (another module's, a test's): the key's lock and lookup must share the transaction
 * that writes the order, and an enclosing transaction must keep what it files to itself.
 */
@Component
public class Intake {

	private final WorkOrderService service;
	private final GroupCommit<WorkOrderService.Prepared> commits;

	Intake(WorkOrderService service, ObjectProvider<MeterRegistry> meters,
			@Value("${civicloop.workorder.intake-writers:2}") int writers,
			@Value("${civicloop.workorder.intake-batch:32}") int maxBatch) {
		this.service = service;
		DistributionSummary sizes = DistributionSummary.builder("civicloop.workorder.intake.batch")
			.description("Orders stored together in one transaction by the intake")
			.register(meters.getIfAvailable(SimpleMeterRegistry::new));
		this.commits = new GroupCommit<>(writers, maxBatch, service::write, sizes::record);
	}

	/** As {@link WorkOrderService#submitOrder(NewWorkOrder, String, boolean)}, stored with concurrent submissions. */
	public WorkOrder submit(NewWorkOrder r, String actor, boolean staffEntry) {
		if (r == null || r.idempotencyKey() != null || TransactionSynchronizationManager.isActualTransactionActive()) {
			return service.submitOrder(r, actor, staffEntry);
		}
		WorkOrderService.Prepared p = service.prepare(r, actor, staffEntry);
		commits.submit(p);
		return p.order();
	}
}
