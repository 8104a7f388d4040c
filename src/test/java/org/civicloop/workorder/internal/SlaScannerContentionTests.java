package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.civicloop.audit.AuditLog;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two SLA scanners — the application's bean and a second instance built on the same DataSource,
 * as a second application instance would be — scan the same overdue orders at the same moment,
 * each on its own thread. {@code FOR UPDATE SKIP LOCKED} must split the work: every order is
 * flagged overdue once and escalated once (one audit entry of each, escalation level 1), and a
 * later pass finds nothing left to do for them.
 */
@CivicLoopTest
@Tag("external-db")
class SlaScannerContentionTests {

	private static final Logger log = LoggerFactory.getLogger(SlaScannerContentionTests.class);
	/** More than two batches of 100, so that both scanners have batches to fight over. */
	static final int ORDERS = 240;

	@Autowired
	SlaScanner scanner;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WorkOrderRepository orders;

	@Autowired
	WorkOrderService service;

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	org.civicloop.workorder.sla.WorkingCalendars calendars;

	@Autowired
	org.springframework.context.ApplicationEventPublisher events;

	@Test
	void twoConcurrentPassesEscalateEachOverdueOrderExactlyOnce() throws Exception {
		String marker = "contention-" + UUID.randomUUID();
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < ORDERS; i++) {
			WorkOrder o = service.submitOrder(new NewWorkOrder("street-light", marker + " #" + i, "330102014001R001",
					30.246 + i * 1e-5, 120.199, null, Channel.HOTLINE, null, false, null, "热线来电", null, null, null),
					"sjq-staff");
			numbers.add(o.number());
		}
		SlaScanner second = new SlaScanner(jdbc, orders, service, audit, tx, calendars, events, Duration.ofHours(2), 0.25);
		Instant later = Instant.now().plus(Duration.ofDays(60));

		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> a = pool.submit(() -> {
				start.await(10, TimeUnit.SECONDS);
				return scanner.scan(later);
			});
			Future<Integer> b = pool.submit(() -> {
				start.await(10, TimeUnit.SECONDS);
				return second.scan(later);
			});
			int changedA = a.get(120, TimeUnit.SECONDS);
			int changedB = b.get(120, TimeUnit.SECONDS);
			log.info("concurrent SLA passes: bean touched {} orders, second instance {}", changedA, changedB);
			assertThat(changedA + changedB).as("rows touched by both passes together").isGreaterThanOrEqualTo(ORDERS);
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(count("SELECT count(*) FROM workorder_order WHERE description LIKE :m || '%' AND overdue"
				+ " AND overdue_escalated AND supervised AND escalation_level = 1", marker))
			.as("orders overdue, escalated once, at level 1")
			.isEqualTo(ORDERS);
		assertThat(perOrderAuditCounts("workorder.overdue", marker)).as("overdue audit entries per order").containsOnly(1L);
		assertThat(perOrderAuditCounts("workorder.escalate", marker)).as("escalation audit entries per order").containsOnly(1L);
		assertThat(count("SELECT count(*) FROM audit_entry WHERE action = 'workorder.escalate' AND record_id IN "
				+ "(SELECT number FROM workorder_order WHERE description LIKE :m || '%')", marker))
			.isEqualTo(ORDERS);

		// a third pass (either scanner) has nothing left to do for these orders
		scanner.scan(later);
		second.scan(later.plusSeconds(3600));
		assertThat(count("SELECT count(*) FROM workorder_order WHERE description LIKE :m || '%' AND escalation_level <> 1",
				marker)).isZero();
		assertThat(perOrderAuditCounts("workorder.escalate", marker)).containsOnly(1L);
		assertThat(numbers).hasSize(ORDERS).doesNotHaveDuplicates();
	}

	long count(String sql, String marker) {
		return jdbc.sql(sql).param("m", marker).query(Long.class).single();
	}

	/** For each of the marked orders, how many audit entries of {@code action} it has (0 included). */
	List<Long> perOrderAuditCounts(String action, String marker) {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM audit_entry a WHERE a.record_id = o.number AND a.action = :a)
				FROM workorder_order o WHERE o.description LIKE :m || '%'""")
			.param("a", action)
			.param("m", marker)
			.query(Long.class)
			.list();
	}
}
