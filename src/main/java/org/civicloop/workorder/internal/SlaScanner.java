package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderProgressed;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.civicloop.workorder.sla.WorkingCalendars;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SLA clocks' alarm: flags orders whose running deadline is near (due soon) or past
 * (overdue), and escalates overdue orders one level, once. State lives in the orders' rows, not in
 * memory; each batch locks its rows with {@code FOR UPDATE SKIP LOCKED}, so several instances
 * scanning at once split the work and never flag an order twice. Paused clocks are skipped.
 */
@Component
public class SlaScanner {

	private static final Logger log = LoggerFactory.getLogger(SlaScanner.class);
	private static final String DUE = "CASE WHEN state IN ('SUBMITTED','RETURNED') THEN accept_due_at ELSE reply_due_at END";

	private final JdbcClient jdbc;
	private final WorkOrderRepository orders;
	private final WorkOrderService service;
	private final AuditLog audit;
	private final TransactionTemplate tx;
	private final DueSoonRule dueSoon;
	private final WorkingCalendars calendars;
	private final ApplicationEventPublisher events;

	SlaScanner(JdbcClient jdbc, WorkOrderRepository orders, WorkOrderService service, AuditLog audit,
			TransactionTemplate tx, WorkingCalendars calendars, ApplicationEventPublisher events,
			@Value("${civicloop.workorder.due-soon.warn:${civicloop.workorder.due-soon-window:PT2H}}") Duration warn,
			@Value("${civicloop.workorder.due-soon.fraction:0.25}") double fraction) {
		this.jdbc = jdbc;
		this.orders = orders;
		this.service = service;
		this.audit = audit;
		this.tx = tx;
		this.calendars = calendars;
		this.events = events;
		this.dueSoon = new DueSoonRule(warn, fraction);
	}

	@Scheduled(initialDelayString = "${civicloop.workorder.scan-interval-ms:60000}",
			fixedDelayString = "${civicloop.workorder.scan-interval-ms:60000}")
	void scheduled() {
		try {
			int n = scan(Instant.now());
			if (n > 0) {
				log.info("SLA scan flagged {} work orders", n);
			}
		}
		catch (RuntimeException e) {
			log.warn("SLA scan failed; next run retries", e);
		}
	}

	/** One pass at {@code now}, in batches of 100; returns how many orders changed. */
	public int scan(Instant now) {
		int total = 0;
		while (true) {
			int[] n = tx.execute(status -> batch(now));
			total += n[1];
			// stop on a short batch, or on a full one that changed nothing: its rows are candidates
			// within the clock horizon that are not yet due soon in working time and would come back
			if (n[0] < 100 || n[1] == 0) {
				return total;
			}
		}
	}

	/** Returns {selected, changed}. */
	private int[] batch(Instant now) {
		WorkingCalendar calendar = calendars.current();
		List<UUID> ids = jdbc.sql("SELECT id FROM workorder_order WHERE state IN " + WorkOrderQueries.OPEN_STATES
				+ " AND paused_since IS NULL AND ((NOT overdue AND " + DUE + " < :now)"
				+ " OR (NOT due_soon AND NOT overdue AND " + DUE + " < :soon)"
				+ " OR (overdue AND NOT overdue_escalated))"
				+ " ORDER BY " + DUE + " LIMIT 100 FOR UPDATE SKIP LOCKED")
			.param("now", Timestamp.from(now))
			.param("soon", Timestamp.from(dueSoon.horizon(calendar, now)))
			.query(UUID.class)
			.list();
		int changed = 0;
		for (UUID id : ids) {
			WorkOrder o = orders.findById(id).orElseThrow();
			Instant due = o.currentDue();
			if (due == null) {
				continue;
			}
			boolean flagged = false;
			if (due.isBefore(now) && o.markOverdue(now)) {
				flagged = true;
				publish(o, "overdue", due, now);
				audit.record(AuditRecord.of(AuditRecord.SYSTEM, "workorder.overdue", "work-order", o.number())
					.inTerritory(o.territoryCode())
					.detail("state", o.state().name())
					.detail("due", due.toString())
					.withSourceKey("workorder.overdue:" + o.id() + ":" + due));
			}
			else if (dueSoon.isDueSoon(calendar, o.submittedAt(), due, now) && o.markDueSoon(now)) {
				flagged = true;
				publish(o, "due-soon", due, now);
				audit.record(AuditRecord.of(AuditRecord.SYSTEM, "workorder.due-soon", "work-order", o.number())
					.inTerritory(o.territoryCode())
					.detail("state", o.state().name())
					.detail("due", due.toString())
					.withSourceKey("workorder.due-soon:" + o.id() + ":" + due));
			}
			flagged |= o.escalateBecauseOverdue(now);
			if (flagged) {
				service.saveSystemChange(o);
				changed++;
			}
		}
		return new int[] { ids.size(), changed };
	}

	private void publish(WorkOrder o, String flag, Instant due, Instant now) {
		events.publishEvent(new WorkOrderProgressed(new WorkOrderId(o.id()), o.number(), o.state(), flag,
				AuditRecord.SYSTEM, o.territoryCode(), null, null, due, now));
	}
}
