package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the intake writes in its one transaction: the order, a number from the block the service
 * took from the sequence; and what follows its commit: the new-order notice for the staff of its node.
 */
@CivicLoopTest
class IntakeTransactionTests {

	static final String COMPOUND = "330102014001R001";

	@Autowired
	WorkOrderService service;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	static NewWorkOrder order(String text) {
		return new NewWorkOrder("street-light", text, COMPOUND, 30.25, 120.2, null, Channel.HOTLINE, null, false, null,
				null, null, null, null);
	}

	long notices(WorkOrder o) {
		return jdbc.sql("SELECT count(*) FROM notification_notice WHERE event_key = :k AND recipient_territory = :t"
				+ " AND message_key = 'wo.notify.new-order'")
			.param("k", "submit:" + o.id())
			.param("t", COMPOUND)
			.query(Long.class)
			.single();
	}

	long orders(WorkOrder o) {
		return jdbc.sql("SELECT count(*) FROM workorder_order WHERE id = :id").param("id", o.id()).query(Long.class).single();
	}

	@Autowired
	NewOrderNotices newOrderNotices;

	@Test
	void theNewOrderNoticeFollowsTheCommitAndNeverARollback() {
		WorkOrder kept = service.submitOrder(order("路灯不亮 kept"), "tester");
		assertThat(orders(kept)).isEqualTo(1);

		WorkOrder[] rolledBack = new WorkOrder[1];
		tx.executeWithoutResult(status -> {
			rolledBack[0] = service.submitOrder(order("路灯不亮 rolled back"), "tester");
			assertThat(notices(rolledBack[0])).as("not inside the intake's transaction").isZero();
			status.setRollbackOnly();
		});
		newOrderNotices.flush();
		assertThat(notices(kept)).isEqualTo(1);
		assertThat(orders(rolledBack[0])).isZero();
		assertThat(notices(rolledBack[0])).as("no notice of an order that was never filed").isZero();
	}

	/**
	 * The batch statement is planned once for the connection, not on every execution (its plan does
	 * not depend on the values): the setting lasts until the intake's transaction ends, no longer.
	 */
	@Test
	void theIntakePlansItsStatementGenericallyForItsOwnTransactionOnly() {
		String before = jdbc.sql("SHOW plan_cache_mode").query(String.class).single();
		String[] inside = new String[1];
		tx.executeWithoutResult(status -> {
			service.submitOrder(order("路灯不亮 generic plan"), "tester");
			inside[0] = jdbc.sql("SHOW plan_cache_mode").query(String.class).single();
		});
		assertThat(inside[0]).isEqualTo("force_generic_plan");
		assertThat(before).isEqualTo("auto");
		tx.executeWithoutResult(status -> assertThat(jdbc.sql("SHOW plan_cache_mode").query(String.class).single())
			.as("after the intake's transaction, on whichever connection").isEqualTo("auto"));
	}

	@Test
	void numbersStayUniqueAcrossBlocksAndThreads() throws Exception {
		int perThread = 70;
		int threads = 4; // 280 orders: three blocks of NUMBER_BLOCK at least, taken by racing threads
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<List<String>>> results = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Callable<List<String>> filing = () -> {
					List<String> numbers = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						numbers.add(service.submitOrder(order("编号 " + thread + "-" + i), "tester").number());
					}
					return numbers;
				};
				results.add(pool.submit(filing));
			}
			Set<String> all = new HashSet<>();
			for (Future<List<String>> f : results) {
				for (String n : f.get(2, TimeUnit.MINUTES)) {
					assertThat(n).matches("HZ\\d{8}-\\d{6}");
					assertThat(all.add(n)).as("number %s given twice", n).isTrue();
				}
			}
			assertThat(all).hasSize(perThread * threads);
			assertThat(perThread * threads).isGreaterThan(2 * WorkOrderService.NUMBER_BLOCK);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Autowired
	Intake intake;

	static NewWorkOrder at(String text, double lat, double lng) {
		return new NewWorkOrder("street-light", text, COMPOUND, lat, lng, null, Channel.HOTLINE, null, false, null,
				null, null, null, null);
	}

	@Test
	void eachOrderWrittenTogetherGetsTheOpenOrdersAroundItButNotTheOthersOfItsBatch() {
		// a spot no other test files at; 0.0001° of latitude is about 11 m
		WorkOrder earlier = service.submitOrder(at("早先的", 29.12300, 119.45600), "tester", false);
		WorkOrderService.Prepared near = service.prepare(at("近处", 29.12310, 119.45600), "tester", false, 200);
		WorkOrderService.Prepared far = service.prepare(at("一公里外", 29.13300, 119.45600), "tester", false, 200);
		WorkOrderService.Prepared unasked = service.prepare(at("不找", 29.12305, 119.45600), "tester", false);
		// proposed the same open order as `near` (read back once), at a distance of its own
		WorkOrderService.Prepared alsoNear = service.prepare(at("也近", 29.12320, 119.45600), "tester", false, 200);
		service.write(List.of(near, far, unasked, alsoNear));

		assertThat(near.nearby()).extracting(WorkOrderQueries.Nearby::id).containsExactly(earlier.id());
		assertThat(near.nearby().get(0).meters()).isEqualTo(11);
		assertThat(alsoNear.nearby()).extracting(WorkOrderQueries.Nearby::id).containsExactly(earlier.id());
		assertThat(alsoNear.nearby().get(0).meters()).isEqualTo(22);
		assertThat(alsoNear.nearby().get(0).number()).isEqualTo(earlier.number());
		assertThat(far.nearby()).isEmpty();
		assertThat(unasked.nearby()).isNull();

		WorkOrderService.Prepared later = service.prepare(at("之后", 29.12308, 119.45600), "tester", false, 200);
		service.write(List.of(later));
		assertThat(later.nearby()).extracting(WorkOrderQueries.Nearby::id)
			.containsExactly(near.order().id(), unasked.order().id(), earlier.id(), alsoNear.order().id());
		assertThat(later.nearby()).extracting(WorkOrderQueries.Nearby::meters).containsExactly(2, 3, 9, 13);
	}

	@Test
	void ordersWrittenTogetherEachHaveTheirTimelineAuditEntryAndNotice() {
		List<WorkOrderService.Prepared> group = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			group.add(service.prepare(order("一起写入 " + i), "tester", false));
		}
		service.write(group);
		newOrderNotices.flush();
		for (WorkOrderService.Prepared p : group) {
			WorkOrder o = p.order();
			assertThat(orders(o)).isEqualTo(1);
			assertThat(notices(o)).isEqualTo(1);
			assertThat(jdbc.sql("SELECT description FROM workorder_order WHERE id = :id").param("id", o.id())
				.query(String.class).single()).isEqualTo(o.description());
			assertThat(jdbc.sql("SELECT count(*) FROM workorder_update WHERE work_order_id = :id AND action = 'submit'")
				.param("id", o.id()).query(Long.class).single()).as("timeline of %s", o.number()).isEqualTo(1);
			assertThat(auditEntries(o)).as("audit entry of %s", o.number()).isEqualTo(1);
		}
	}

	long auditEntries(WorkOrder o) {
		return jdbc.sql("SELECT count(*) FROM audit_entry WHERE record_id = :n AND action = 'workorder.submit'")
			.param("n", o.number()).query(Long.class).single();
	}

	/**
	 * The group commit's write ends its transaction with its own execution: the batch is all there
	 * once it returns, even inside an enclosing transaction that rolls back (it has one of its own),
	 * and the connection goes back to the pool without the intake's settings.
	 */
	@Test
	void aCommittingWriteStoresItsBatchInATransactionOfItsOwn() {
		List<WorkOrderService.Prepared> group = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			group.add(service.prepare(order("自行提交 " + i), "tester", false));
		}
		tx.executeWithoutResult(status -> {
			service.writeCommitting(group);
			status.setRollbackOnly();
		});
		newOrderNotices.flush();
		for (WorkOrderService.Prepared p : group) {
			WorkOrder o = p.order();
			assertThat(orders(o)).isEqualTo(1);
			assertThat(notices(o)).isEqualTo(1);
			assertThat(auditEntries(o)).as("audit entry of %s", o.number()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT count(*) FROM workorder_update WHERE work_order_id = :id AND action = 'submit'")
				.param("id", o.id()).query(Long.class).single()).isEqualTo(1);
		}
		tx.executeWithoutResult(status -> {
			assertThat(jdbc.sql("SHOW plan_cache_mode").query(String.class).single()).isEqualTo("auto");
			assertThat(jdbc.sql("SELECT coalesce(current_setting('civicloop.rollup_inserts', true), '')").query(String.class)
				.single()).isEmpty();
		});
	}

	/**
	 * A batch that fails in the database (here an order stored already: its primary key) leaves none
	 * of its orders, audit entries or notices, and the connection it failed on serves the next one.
	 */
	@Test
	void aFailedCommittingWriteLeavesNothingOfItsBatch() {
		WorkOrderService.Prepared stored = service.prepare(order("已存 once"), "tester", false);
		service.writeCommitting(List.of(stored));
		WorkOrderService.Prepared fresh = service.prepare(order("未存 with a stored one"), "tester", false);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.writeCommitting(List.of(fresh, stored)))
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		newOrderNotices.flush();
		assertThat(orders(fresh.order())).isZero();
		assertThat(auditEntries(fresh.order())).isZero();
		assertThat(notices(fresh.order())).isZero();
		assertThat(auditEntries(stored.order())).isEqualTo(1);

		WorkOrderService.Prepared next = service.prepare(order("之后 next"), "tester", false);
		service.writeCommitting(List.of(next));
		assertThat(orders(next.order())).isEqualTo(1);
		assertThat(auditEntries(next.order())).isEqualTo(1);
	}

	@Test
	void concurrentSubmissionsThroughTheIntakeAreAllStoredOnce() throws Exception {
		int threads = 6, perThread = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<WorkOrder>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(pool.submit(() -> {
					List<WorkOrder> mine = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						mine.add(intake.submit(order("并发 " + thread + "-" + i), "tester", false).order());
					}
					return mine;
				}));
			}
			Set<java.util.UUID> ids = new HashSet<>();
			List<WorkOrder> all = new ArrayList<>();
			for (Future<List<WorkOrder>> f : results) {
				for (WorkOrder o : f.get(2, TimeUnit.MINUTES)) {
					// committed when submit returned
					assertThat(orders(o)).isEqualTo(1);
					ids.add(o.id());
					all.add(o);
				}
			}
			newOrderNotices.flush();
			assertThat(all).allSatisfy(o -> assertThat(notices(o)).as("notice of %s", o.number()).isEqualTo(1));
			assertThat(ids).hasSize(threads * perThread);
			assertThat(jdbc.sql("SELECT count(DISTINCT o.id) FROM workorder_order o JOIN workorder_update u ON u.work_order_id = o.id"
					+ " WHERE o.description LIKE '并发 %'").query(Long.class).single()).isEqualTo(threads * perThread);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Autowired
	WorkOrderStats stats;

	/**
	 * Today's roll-up of the compound's street lights, measures in the roll-up's order, folded first;
	 * and the same counted from the orders themselves (rows of all zeros left out).
	 */
	List<String> rollup(boolean fromTheOrders) {
		stats.foldPending();
		String from = fromTheOrders ? """
				(SELECT (submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS day, coalesce(responsible_unit, '') AS unit,
				   sum(m[1]) AS received, sum(m[2]) AS accepted, sum(m[3]) AS accepted_in_time, sum(m[4]) AS resolved,
				   sum(m[5]) AS rated, sum(m[6]) AS satisfied, sum(m[7]) AS overdue
				 FROM (SELECT o.*, workorder_stats_measures(o) AS m FROM workorder_order o
				       WHERE territory_code = :t AND category_code = 'street-light') x GROUP BY 1, 2) r""" : """
				(SELECT * FROM workorder_daily_stats WHERE territory_code = :t AND category_code = 'street-light') r""";
		return jdbc.sql("SELECT concat_ws('|', unit, received, accepted, accepted_in_time, resolved, rated, satisfied, overdue)"
				+ " FROM " + from + " WHERE day = (now() AT TIME ZONE 'Asia/Shanghai')::date"
				+ " AND (received, accepted, accepted_in_time, resolved, rated, satisfied, overdue) <> (0, 0, 0, 0, 0, 0, 0)"
				+ " ORDER BY 1")
			.param("t", COMPOUND)
			.query(String.class)
			.list();
	}

	long receivedToday() {
		return jdbc.sql("SELECT count(*) FROM workorder_order WHERE territory_code = :t AND category_code = 'street-light'"
				+ " AND state <> 'MERGED' AND (submitted_at AT TIME ZONE 'Asia/Shanghai')::date = (now() AT TIME ZONE 'Asia/Shanghai')::date")
			.param("t", COMPOUND)
			.query(Long.class)
			.single();
	}

	@Test
	void theRollupCountsEveryOrderOnceWhicheverWayItIsFiled() throws Exception {
		long before = receivedToday();
		// batches of the intake: their statement adds their deltas, the trigger must not add them again
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> filing = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				filing.add(pool.submit(() -> {
					for (int i = 0; i < 5; i++) {
						intake.submit(order("汇总 " + thread + "-" + i), "tester", false);
					}
				}));
			}
			for (Future<?> f : filing) {
				f.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// inside a transaction of its own, an order filed through the intake and then one inserted
		// straight into the table: the setting the statement used must not hide the second from the trigger
		tx.executeWithoutResult(status -> {
			intake.submit(order("汇总 outer"), "tester", false);
			java.util.UUID id = java.util.UUID.randomUUID();
			jdbc.sql("""
					INSERT INTO workorder_order (id, version, number, category_code, description, territory_code, channel,
					  priority, state, submitted_at, updated_at)
					VALUES (:id, 0, :number, 'street-light', '汇总 straight in', :t, 'HOTLINE', 'GENERAL', 'SUBMITTED', now(), now())""")
				.param("id", id)
				.param("number", "R-" + id.toString().substring(0, 28))
				.param("t", COMPOUND)
				.update();
		});
		assertThat(receivedToday()).isEqualTo(before + 22);
		assertThat(rollup(false)).isNotEmpty().isEqualTo(rollup(true));
	}

	@Test
	void insideAnOpenTransactionTheIntakeFilesInThatTransaction() {
		WorkOrder[] filed = new WorkOrder[1];
		tx.executeWithoutResult(status -> {
			filed[0] = intake.submit(order("在外层事务中"), "tester", false).order();
			status.setRollbackOnly();
		});
		assertThat(orders(filed[0])).as("rolled back with the enclosing transaction").isZero();
		assertThat(notices(filed[0])).isZero();
	}

	@Test
	void aBadSubmissionThroughTheIntakeIsRefusedBeforeAnythingIsStored() {
		long before = jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> intake.submit(new NewWorkOrder("no-such-category",
				"x", COMPOUND, 30.25, 120.2, null, Channel.HOTLINE, null, false, null, null, null, null, null), "tester", false))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single()).isEqualTo(before);
	}
}
