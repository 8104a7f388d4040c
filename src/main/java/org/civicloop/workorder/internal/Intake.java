package org.civicloop.workorder.internal;

import java.util.List;

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
 * the caller but the cost: one execution per group (its orders, their timelines, their audit
 * entries and the commit, in one round trip) instead of a transaction per order.
 * <p>
 * A submission with an Idempotency-Key is filed on its own, as is one made inside a transaction
 * already open (another module's, a test's): the key's lock and lookup must share the transaction
 * that writes the order, and an enclosing transaction must keep what it files to itself.
 */
@Component
public class Intake {

	private final WorkOrderService service;
	private final WorkOrderQueries queries;
	private final GroupCommit<WorkOrderService.Prepared> commits;
	private final double duplicateRadius;

	/**
	 * One writer by default: since a batch has a cost of its own whatever its size, a second writer
	 * mostly split the batches in two and added their per-batch cost; with one, the benchmark used
	 * about a fifth less CPU per order for the same throughput, and its p99 fell (bench/README.md,
	 * session 11, when a batch took three round trips; measured again in session 14 with one: no
	 * gain). With a database far away (long round trips) a second writer may pay again.
	 */
	Intake(WorkOrderService service, WorkOrderQueries queries, ObjectProvider<MeterRegistry> meters,
			@Value("${civicloop.workorder.duplicate-radius-m:200}") double duplicateRadius,
			@Value("${civicloop.workorder.intake-writers:1}") int writers,
			@Value("${civicloop.workorder.intake-batch:32}") int maxBatch) {
		this.service = service;
		this.queries = queries;
		this.duplicateRadius = duplicateRadius;
		DistributionSummary sizes = DistributionSummary.builder("civicloop.workorder.intake.batch")
			.description("Orders stored together in one transaction by the intake")
			.register(meters.getIfAvailable(SimpleMeterRegistry::new));
		this.commits = new GroupCommit<>(writers, maxBatch, service::writeCommitting, sizes::record);
	}

	/** An order filed, with the open orders of its category around it (the duplicates to suggest), nearest first. */
	public record Filed(WorkOrder order, List<WorkOrderQueries.Nearby> nearby) {
	}

	/**
	 * As {@link WorkOrderService#submitOrder(NewWorkOrder, String, boolean)}, stored with concurrent
	 * submissions, and with the open orders of the same category within
	 * {@code civicloop.workorder.duplicate-radius-m} (read back by the statement that stores it).
	 */
	public Filed submit(NewWorkOrder r, String actor, boolean staffEntry) {
		if (r == null || r.idempotencyKey() != null || TransactionSynchronizationManager.isActualTransactionActive()) {
			WorkOrder o = service.submitOrder(r, actor, staffEntry);
			return new Filed(o, o.lat() == null ? List.of()
					: queries.nearbyOpen(o.categoryCode(), o.lat(), o.lng(), duplicateRadius, o.id()));
		}
		WorkOrderService.Prepared p = service.prepare(r, actor, staffEntry, duplicateRadius);
		commits.submit(p);
		return new Filed(p.order(), p.nearby() == null ? List.of() : p.nearby());
	}
}
