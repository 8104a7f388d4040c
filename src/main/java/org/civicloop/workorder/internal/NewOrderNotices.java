package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The staff's new-order notices ("a new request in your area"), written after their orders commit,
 * many in one statement, by a thread of their own. Written in the intake's transaction, a notice
 * cost every batch of orders a round trip and a statement of its own, a tenth of the intake's
 * database and application work; here a burst of orders shares one.
 * <p>
 * Nothing is lost with a crash. Each instance keeps a mark ({@code workorder_notice_mark}): every
 * order it filed before the mark has had its notice written. The mark trails the oldest order still
 * queued and, for orders not yet committed, the present by {@link #IN_FLIGHT}. An instance that
 * stops cleanly writes what it queued and removes its mark; the mark of one that died stays, stops
 * being refreshed, and after {@link #DEAD_AFTER} the instances running (or the next to start) write
 * the notices of every order still waiting to be accepted that was filed since, then remove it.
 * Notices are idempotent (their event key), so writing one twice writes it once. An order accepted
 * meanwhile gets no late "new order" notice: it is no longer new.
 */
@Component
class NewOrderNotices implements SmartLifecycle {

	/** Longer than an order can be submitted (its time taken) before its transaction commits. */
	static final Duration IN_FLIGHT = Duration.ofMinutes(5);
	/** A mark not refreshed for this long is an instance's that died. */
	static final Duration DEAD_AFTER = Duration.ofMinutes(2);
	static final Duration REFRESH_EVERY = Duration.ofSeconds(20);
	static final Duration LOOK_FOR_DEAD_EVERY = Duration.ofSeconds(60);
	static final int BATCH = 500;
	private static final Logger log = LoggerFactory.getLogger(NewOrderNotices.class);

	private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
	/** A batch whose statement failed: written first next time (only touched while {@link #writing} is held). */
	private List<Queued> retry = List.of();
	private final Semaphore wake = new Semaphore(0);
	private final UUID instance = UUID.randomUUID();
	private final WorkOrderNotices notices;
	private final JdbcClient jdbc;
	private final TransactionTemplate tx;
	private final long lingerMs;
	private final Object writing = new Object();
	private volatile Thread worker;
	private Instant refreshed = Instant.EPOCH;
	private Instant lookedForDead = Instant.EPOCH;

	NewOrderNotices(WorkOrderNotices notices, JdbcClient jdbc, PlatformTransactionManager txManager,
			@Value("${civicloop.workorder.notice-linger-ms:50}") long lingerMs) {
		this.notices = notices;
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(txManager);
		// its own transaction even when called from another's afterCommit (or a test's)
		this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.lingerMs = lingerMs;
	}

	/** Queues the orders' notices once the current transaction commits (none if it rolls back); at once without one. */
	void afterCommit(Collection<WorkOrder> filed) {
		List<Queued> rows = filed.stream()
			.map(o -> new Queued(new WorkOrderNotices.NewOrder(o.id(), o.number(), o.territoryCode()), o.submittedAt()))
			.toList();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					enqueue(rows);
				}
			});
		}
		else {
			enqueue(rows);
		}
	}

	/** An order whose notice is to be written, with the time it was submitted (which the mark trails). */
	private record Queued(WorkOrderNotices.NewOrder order, Instant submittedAt) {
	}

	private void enqueue(List<Queued> rows) {
		if (rows.isEmpty()) {
			return;
		}
		queue.addAll(rows);
		if (wake.availablePermits() == 0) {
			wake.release();
		}
	}

	/**
	 * Writes the queued notices now, in batches of {@link #BATCH}, and refreshes this instance's
	 * mark; returns how many were written. The thread calls it when woken; tests may too.
	 */
	int flush() {
		synchronized (writing) {
			int written = 0;
			List<Queued> batch;
			do {
				batch = new ArrayList<>(retry);
				Queued n;
				while (batch.size() < BATCH && (n = queue.poll()) != null) {
					batch.add(n);
				}
				retry = batch;
				written += write(batch);
				retry = List.of();
			}
			while (batch.size() >= BATCH);
			return written;
		}
	}

	/**
	 * Writes the notices with the mark, in one transaction. A notice the notifications refuse (a
	 * bad row, not a failing database) is dropped with a warning rather than retried for ever
	 * with the others behind it; anything else propagates, and what is not written yet stays in
	 * {@link #retry}.
	 */
	private int write(List<Queued> rows) {
		try {
			tx.executeWithoutResult(status -> {
				if (!rows.isEmpty()) {
					notices.newOrders(rows.stream().map(Queued::order).toList());
				}
				refreshMark(Instant.now());
			});
			return rows.size();
		}
		catch (IllegalArgumentException | DataIntegrityViolationException e) {
			if (rows.size() == 1) {
				log.warn("Dropped the new-order notice of {}: {}", rows.get(0).order().number(), e.getMessage());
				return 0;
			}
			int written = 0;
			for (int i = 0; i < rows.size(); i++) {
				retry = new ArrayList<>(rows.subList(i, rows.size()));
				written += write(List.of(rows.get(i)));
			}
			return written;
		}
	}

	/** Queues one notice as if its order had just committed (for tests). */
	void queue(WorkOrderNotices.NewOrder order, Instant submittedAt) {
		enqueue(List.of(new Queued(order, submittedAt)));
	}

	/**
	 * Moves this instance's mark to {@link #mark} of the orders still queued (those being written
	 * commit with the mark). An order committed but not queued yet is bound by {@link #IN_FLIGHT}.
	 */
	private void refreshMark(Instant now) {
		Instant oldestQueued = null;
		for (Queued q : queue) {
			if (oldestQueued == null || q.submittedAt().isBefore(oldestQueued)) {
				oldestQueued = q.submittedAt();
			}
		}
		jdbc.sql("""
				INSERT INTO workorder_notice_mark (instance_id, sent_before, alive_at) VALUES (:id, :mark, :now)
				ON CONFLICT (instance_id) DO UPDATE SET sent_before = EXCLUDED.sent_before, alive_at = EXCLUDED.alive_at""")
			.param("id", instance)
			.param("mark", Timestamp.from(mark(now, oldestQueued)))
			.param("now", Timestamp.from(now))
			.update();
		refreshed = now;
	}

	/**
	 * The mark: every order this instance filed before it has had its notice written, given the
	 * submission time of the oldest order still queued ({@code null} if none). An order takes its
	 * time when it is prepared and is queued when it commits, so the orders not yet committed bound
	 * it too: by {@link #IN_FLIGHT}.
	 */
	static Instant mark(Instant now, Instant oldestQueued) {
		Instant inFlight = now.minus(IN_FLIGHT);
		return oldestQueued != null && oldestQueued.isBefore(inFlight) ? oldestQueued : inFlight;
	}

	/**
	 * Writes again the notices an instance that died may have left unwritten: those of every order
	 * still waiting to be accepted that was filed since its mark. Returns the number of marks
	 * taken over (and removed). The marks are removed in the transaction that reads the orders, and
	 * this instance's own mark goes back to theirs in it: until they are written, a crash of this
	 * one leaves them to the next.
	 */
	int recoverDead(Instant now) {
		synchronized (writing) {
			List<Queued> orders = new ArrayList<>();
			Integer taken = tx.execute(status -> {
				List<Instant> dead = jdbc.sql("""
						DELETE FROM workorder_notice_mark WHERE alive_at < :dead AND instance_id <> :me
						RETURNING sent_before""")
					.param("dead", Timestamp.from(now.minus(DEAD_AFTER)))
					.param("me", instance)
					.query((rs, i) -> rs.getTimestamp(1).toInstant())
					.list();
				if (dead.isEmpty()) {
					return 0;
				}
				Instant from = dead.stream().min(Instant::compareTo).orElseThrow();
				jdbc.sql("""
						INSERT INTO workorder_notice_mark (instance_id, sent_before, alive_at) VALUES (:id, :from, :now)
						ON CONFLICT (instance_id) DO UPDATE
						  SET sent_before = LEAST(workorder_notice_mark.sent_before, EXCLUDED.sent_before)""")
					.param("id", instance)
					.param("from", Timestamp.from(from))
					.param("now", Timestamp.from(now))
					.update();
				log.info("Writing again the new-order notices of orders filed since {}: {} instance(s) stopped"
						+ " without writing theirs", from, dead.size());
				orders.addAll(jdbc.sql("""
						SELECT id, number, territory_code, submitted_at FROM workorder_order
						WHERE state = 'SUBMITTED' AND submitted_at >= :from ORDER BY submitted_at""")
					.param("from", Timestamp.from(from))
					.query((rs, i) -> new Queued(new WorkOrderNotices.NewOrder(rs.getObject(1, UUID.class),
							rs.getString(2), rs.getString(3)), rs.getTimestamp(4).toInstant()))
					.list());
				return dead.size();
			});
			enqueue(orders);
			return taken == null ? 0 : taken;
		}
	}

	/** This instance's mark, if it has one (for tests). */
	Optional<Instant> ownMark() {
		return jdbc.sql("SELECT sent_before FROM workorder_notice_mark WHERE instance_id = :id")
			.param("id", instance)
			.query((rs, i) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	private void loop() {
		while (worker == Thread.currentThread()) {
			try {
				boolean woken = wake.tryAcquire(1, TimeUnit.SECONDS);
				if (woken && lingerMs > 0) {
					// a burst of commits arrives first and shares the statement
					Thread.sleep(lingerMs);
				}
				wake.drainPermits();
				Instant now = Instant.now();
				if (!queue.isEmpty() || Duration.between(refreshed, now).compareTo(REFRESH_EVERY) >= 0) {
					flush();
				}
				if (Duration.between(lookedForDead, now).compareTo(LOOK_FOR_DEAD_EVERY) >= 0) {
					lookedForDead = now;
					if (recoverDead(now) > 0) {
						flush();
					}
				}
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.warn("Writing new-order notices failed; will retry", e);
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ie) {
					return;
				}
			}
		}
	}

	@Override
	public synchronized void start() {
		if (worker != null) {
			return;
		}
		worker = new Thread(this::loop, "workorder-new-order-notices");
		worker.setDaemon(true);
		worker.start();
	}

	/** Writes what is queued and removes the mark: nothing is left for another instance to write again. */
	@Override
	public synchronized void stop() {
		Thread t = worker;
		worker = null;
		if (t == null) {
			return;
		}
		t.interrupt();
		try {
			t.join(5000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			flush();
			jdbc.sql("DELETE FROM workorder_notice_mark WHERE instance_id = :id").param("id", instance).update();
		}
		catch (RuntimeException e) {
			// the mark stays: an instance running, or the next to start, writes them
			log.warn("Could not write the queued new-order notices at shutdown; another instance will", e);
		}
	}

	@Override
	public boolean isRunning() {
		return worker != null;
	}

	/**
	 * Started before the web server and stopped after it (a lower phase than its): the orders of the
	 * last requests it let finish are queued before this writes the queue out and removes the mark.
	 */
	@Override
	public int getPhase() {
		return 0;
	}
}
