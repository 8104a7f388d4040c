package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff's new-order notices after the intake's commit: written in batches, and written again
 * after an instance died with some still queued, from the mark it left.
 */
@CivicLoopTest
class NewOrderNoticesTests {

	static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

	static Stream<Arguments> marks() {
		return Stream.of(
				// nothing queued: the orders not yet committed bound it
				Arguments.of(null, NOW.minus(NewOrderNotices.IN_FLIGHT)),
				// an order queued long ago (its notice failed to be written since): it bounds it
				Arguments.of(NOW.minus(Duration.ofMinutes(30)), NOW.minus(Duration.ofMinutes(30))),
				Arguments.of(NOW.minus(NewOrderNotices.IN_FLIGHT).minusNanos(1000),
						NOW.minus(NewOrderNotices.IN_FLIGHT).minusNanos(1000)),
				// the boundary: both bounds the same
				Arguments.of(NOW.minus(NewOrderNotices.IN_FLIGHT), NOW.minus(NewOrderNotices.IN_FLIGHT)),
				// a queued order newer than the bound of those in flight
				Arguments.of(NOW.minus(NewOrderNotices.IN_FLIGHT).plusNanos(1000), NOW.minus(NewOrderNotices.IN_FLIGHT)),
				Arguments.of(NOW, NOW.minus(NewOrderNotices.IN_FLIGHT)));
	}

	@ParameterizedTest
	@MethodSource("marks")
	void theMarkTrailsTheOldestQueuedOrderAndTheOrdersInFlight(Instant oldestQueued, Instant mark) {
		assertThat(NewOrderNotices.mark(NOW, oldestQueued)).isEqualTo(mark);
	}

	@Autowired
	WorkOrderService service;

	@Autowired
	NewOrderNotices notices;

	@Autowired
	WorkOrderNotices workOrderNotices;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager txManager;

	@AfterEach
	void removeTheMarksOfThisTest() {
		jdbc.sql("DELETE FROM workorder_notice_mark WHERE sent_before < :t")
			.param("t", Timestamp.from(Instant.parse("2001-01-01T00:00:00Z")))
			.update();
	}

	WorkOrder file(String text) {
		return service.submitOrder(IntakeTransactionTests.order(text), "tester");
	}

	long notices(WorkOrder o) {
		return jdbc.sql("SELECT count(*) FROM notification_notice WHERE event_key = :k AND message_key = 'wo.notify.new-order'")
			.param("k", "submit:" + o.id())
			.query(Long.class)
			.single();
	}

	/** As if the instance that filed it had died before writing it. */
	void lose(WorkOrder o) {
		jdbc.sql("DELETE FROM notification_notice WHERE event_key = :k").param("k", "submit:" + o.id()).update();
	}

	/** Filed, its notice written, then deleted: as if the instance that filed it had died first. */
	WorkOrder filedAndLost(String text) {
		WorkOrder o = file(text);
		notices.flush();
		lose(o);
		return o;
	}

	/** Another instance's notice writer, not started: nothing runs but what the test calls. */
	NewOrderNotices anotherInstance() {
		return new NewOrderNotices(workOrderNotices, jdbc, txManager, 0);
	}

	void mark(UUID instance, Instant sentBefore, Instant aliveAt) {
		jdbc.sql("INSERT INTO workorder_notice_mark (instance_id, sent_before, alive_at) VALUES (:i, :s, :a)")
			.param("i", instance)
			.param("s", Timestamp.from(sentBefore))
			.param("a", Timestamp.from(aliveAt))
			.update();
	}

	boolean hasMark(UUID instance) {
		return jdbc.sql("SELECT count(*) FROM workorder_notice_mark WHERE instance_id = :i")
			.param("i", instance)
			.query(Long.class)
			.single() == 1;
	}

	@Test
	void aBurstOfOrdersGetsItsNoticesAndTheMarkFollows() {
		List<WorkOrder> filed = List.of(file("路灯不亮 burst 1"), file("路灯不亮 burst 2"), file("路灯不亮 burst 3"));
		notices.flush();
		assertThat(filed).allSatisfy(o -> assertThat(notices(o)).isEqualTo(1));
		assertThat(notices.ownMark()).hasValueSatisfying(m -> assertThat(m)
			.isBefore(filed.get(0).submittedAt())
			.isAfter(Instant.now().minus(NewOrderNotices.IN_FLIGHT).minusSeconds(60)));
	}

	@Test
	void aNoticeTheNotificationsRefuseIsDroppedAndTheOthersAreWritten() {
		WorkOrder good = filedAndLost("路灯不亮 behind a bad notice");
		NewOrderNotices other = anotherInstance();
		other.queue(new WorkOrderNotices.NewOrder(UUID.randomUUID(), "HZ-BAD", "not a territory"), Instant.now());
		other.queue(new WorkOrderNotices.NewOrder(good.id(), good.number(), good.territoryCode()), good.submittedAt());

		assertThat(other.flush()).isEqualTo(1);
		assertThat(notices(good)).isEqualTo(1);
		assertThat(other.flush()).as("nothing left to retry").isZero();
		other.start();
		other.stop();
		assertThat(other.ownMark()).isEmpty();
	}

	@Test
	void theNoticesOfADeadInstanceAreWrittenAgainFromItsMarkButNotThoseOfALiveOne() {
		WorkOrder waiting = file("路灯不亮 lost with an instance");
		WorkOrder accepted = file("路灯不亮 accepted meanwhile");
		notices.flush();
		lose(waiting);
		lose(accepted);
		// accepted by hand meanwhile: no longer new, so no late "new order" notice
		jdbc.sql("UPDATE workorder_order SET state = 'ACCEPTED' WHERE id = :id").param("id", accepted.id()).update();
		UUID dead = UUID.randomUUID();
		UUID alive = UUID.randomUUID();
		Instant old = Instant.parse("2000-01-01T00:00:00Z");
		mark(dead, waiting.submittedAt().minusSeconds(1), Instant.now().minus(NewOrderNotices.DEAD_AFTER).minusSeconds(1));
		mark(alive, old, Instant.now());

		notices.stop(); // its thread would look for dead marks too
		try {
			assertThat(notices.recoverDead(Instant.now())).isEqualTo(1);
			notices.flush();
		}
		finally {
			notices.start();
		}

		assertThat(notices(waiting)).isEqualTo(1);
		assertThat(notices(accepted)).isZero();
		assertThat(hasMark(dead)).as("taken over").isFalse();
		assertThat(hasMark(alive)).as("an instance still running writes its own").isTrue();
	}

	@Test
	void aMarkIsTakenOverInTheTransactionThatReadsItsOrdersAndACleanStopLeavesNone() {
		WorkOrder waiting = filedAndLost("路灯不亮 taken over");
		NewOrderNotices other = anotherInstance();
		UUID dead = UUID.randomUUID();
		Instant from = waiting.submittedAt().truncatedTo(ChronoUnit.MICROS).minusSeconds(1);
		mark(dead, from, Instant.now().minus(NewOrderNotices.DEAD_AFTER).minusSeconds(5));

		notices.stop(); // the application's own would look for dead marks too
		try {
			// not started: nothing is written between taking the mark over and flushing
			assertThat(other.recoverDead(Instant.now())).isEqualTo(1);
			// until it has written them, its own mark is the dead one's: a crash now loses nothing
			assertThat(other.ownMark()).hasValue(from);
			assertThat(notices(waiting)).isZero();
			other.start();
			other.stop();
		}
		finally {
			notices.start();
		}

		assertThat(notices(waiting)).isEqualTo(1);
		assertThat(hasMark(dead)).isFalse();
		assertThat(other.ownMark()).as("a clean stop leaves nothing to take over").isEmpty();
	}
}
