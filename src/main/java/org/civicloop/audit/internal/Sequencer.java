package org.civicloop.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.civicloop.audit.tlog.ProofRanges;
import org.civicloop.audit.tlog.ProofRanges.Node;
import org.civicloop.audit.tlog.Rfc6962;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one writer of the tree (Trillian's sequencer): takes pending entries in arrival order, gives
 * them consecutive leaf indexes, stores their leaf input, and adds their leaves and the subtrees
 * they complete — all in one transaction per batch, so the tree and the entries never disagree.
 * A transaction-scoped PostgreSQL advisory lock makes it safe to run several application
 * instances: at most one sequences at a time, the others skip their turn. An append costs O(log n):
 * only the right edge of the tree (one perfect subtree per set bit of the size) is read.
 */
public class Sequencer {

	/** Advisory lock key: "audit" in ASCII, so that it does not collide with other modules' keys. */
	static final long LOCK_KEY = 0x6175646974L;
	private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

	private final JdbcTemplate jdbc;
	private final TreeStore tree;
	private final TransactionTemplate tx;
	private final int batchSize;
	private final long intervalMs;
	private final long lingerMs;
	private final Semaphore wake = new Semaphore(0);
	private volatile Thread worker;

	public Sequencer(DataSource dataSource, PlatformTransactionManager txManager, TreeStore tree, int batchSize,
			long intervalMs) {
		this(dataSource, txManager, tree, batchSize, intervalMs, 0);
	}

	/**
	 * @param lingerMs how long to wait, once woken by a commit, before sequencing: the commits of a
	 * burst then go into one batch
	 */
	public Sequencer(DataSource dataSource, PlatformTransactionManager txManager, TreeStore tree, int batchSize,
			long intervalMs, long lingerMs) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.tree = tree;
		this.tx = new TransactionTemplate(txManager);
		this.batchSize = batchSize;
		this.intervalMs = intervalMs;
		this.lingerMs = lingerMs;
	}

	/** Starts the background loop: every {@code intervalMs}, or sooner when woken. */
	public synchronized void start() {
		if (worker != null) {
			return;
		}
		worker = new Thread(this::loop, "audit-sequencer");
		worker.setDaemon(true);
		worker.start();
	}

	public synchronized void stop() {
		Thread t = worker;
		worker = null;
		if (t != null) {
			t.interrupt();
			try {
				t.join(5000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Asks for a run soon (after a commit that added entries). */
	public void wakeUp() {
		if (wake.availablePermits() == 0) {
			wake.release();
		}
	}

	private void loop() {
		while (worker == Thread.currentThread()) {
			try {
				boolean woken = wake.tryAcquire(intervalMs, TimeUnit.MILLISECONDS);
				if (woken && lingerMs > 0) {
					// A batch costs about eight statements and a commit whatever its size; woken by
					// every commit, a busy intake made batches of two or three entries, and the
					// sequencer spent more than the entries' own inserts. Lingering a moment lets a
					// burst arrive first; an entry still gets its index within milliseconds.
					Thread.sleep(lingerMs);
				}
				wake.drainPermits();
				// Straight on only while batches come back full (a backlog). Going on until one came
				// back empty kept the sequencer running back to back under a steady intake: batches
				// of a few entries that had committed during the last one, each about eight
				// statements and a commit, plus an empty one per round (0.1 ms of the application's
				// CPU per entry). Back to waiting instead, the next commit's wake-up and the linger
				// gather the next batch.
				while (sequenceBatch(false) >= batchSize) {
					// a full batch: there may be more
				}
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				log.warn("Audit sequencing failed; will retry", e);
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ie) {
					return;
				}
			}
		}
	}

	/** Sequences everything pending now, waiting for another sequencer if one is running. */
	public long drain() {
		long total = 0;
		int n;
		while ((n = sequenceBatch(true)) > 0) {
			total += n;
		}
		return total;
	}

	/**
	 * One batch in one transaction.
	 * @param wait block on the advisory lock instead of giving up when another sequencer holds it
	 * @return entries sequenced; 0 when nothing was pending or the lock was taken
	 */
	public int sequenceBatch(boolean wait) {
		Integer n = tx.execute(status -> {
			if (wait) {
				jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, LOCK_KEY);
			}
			else if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
				return 0;
			}
			// audit_entry has no index on id but the partial pending one; a seq scan of a large log
			// chosen on stale statistics would make every batch O(n). Generic plans: the batch's
			// statements take arrays, whose lengths a custom plan sees, so PostgreSQL found each
			// custom plan cheaper and planned them anew on every batch (a quarter of their time).
			jdbc.execute("SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_generic_plan");
			long size = jdbc.queryForObject("SELECT tree_size FROM audit_tree_state WHERE id = 1 FOR UPDATE", Long.class);
			List<Pending> pending = jdbc.query("""
					SELECT id, actor, action, record_type, record_id, territory_code, occurred_at, details
					FROM audit_entry WHERE leaf_index IS NULL ORDER BY id LIMIT ?""",
					(rs, i) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
							rs.getString(8)),
					batchSize);
			if (pending.isEmpty()) {
				return 0;
			}
			append(size, pending);
			return pending.size();
		});
		return n == null ? 0 : n;
	}

	private record Pending(long id, String actor, String action, String recordType, String recordId,
			String territory, Instant occurredAt, String details) {
	}

	private record Hashed(Node node, byte[] hash) {
	}

	private void append(long size, List<Pending> pending) {
		List<Node> edge = ProofRanges.frontier(size);
		Map<Node, byte[]> edgeHashes = tree.nodes(edge);
		Deque<Hashed> stack = new ArrayDeque<>();
		for (Node node : edge) {
			stack.push(new Hashed(node, edgeHashes.get(node)));
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<Node> newNodes = new ArrayList<>(pending.size() * 2);
		List<byte[]> newHashes = new ArrayList<>(pending.size() * 2);
		Long[] ids = new Long[pending.size()];
		Long[] indexes = new Long[pending.size()];
		List<byte[]> inputs = new ArrayList<>(pending.size());
		long next = size;
		for (int i = 0; i < pending.size(); i++) {
			Pending p = pending.get(i);
			long index = next++;
			byte[] input = LeafInput.render(index, p.actor(), p.action(), p.recordType(), p.recordId(), p.territory(),
					p.occurredAt(), now, p.details());
			ids[i] = p.id();
			indexes[i] = index;
			inputs.add(input);
			Node node = new Node(0, index);
			byte[] hash = Rfc6962.leafHash(input);
			newNodes.add(node);
			newHashes.add(hash);
			// a right child completes its parent: merge with the left sibling on top of the stack
			while ((node.index() & 1) == 1) {
				Hashed left = stack.pop();
				if (left.node().level() != node.level() || left.node().index() != node.index() - 1) {
					throw new IllegalStateException("audit tree right edge is inconsistent at " + left.node());
				}
				hash = Rfc6962.nodeHash(left.hash(), hash);
				node = new Node(node.level() + 1, node.index() >> 1);
				newNodes.add(node);
				newHashes.add(hash);
			}
			stack.push(new Hashed(node, hash));
		}
		List<byte[]> edgeNow = new ArrayList<>();
		stack.descendingIterator().forEachRemaining(h -> edgeNow.add(h.hash()));
		byte[] root = ProofRanges.fold(edgeNow);
		long newSize = next;
		jdbc.execute((Connection c) -> {
			try (PreparedStatement ps = c.prepareStatement("""
					UPDATE audit_entry e SET leaf_index = u.idx, leaf_input = u.input, sequenced_at = ?
					FROM unnest(?::bigint[], ?::bigint[], ?::bytea[]) AS u(id, idx, input) WHERE e.id = u.id AND e.leaf_index IS NULL""")) {
				ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
				ps.setArray(2, c.createArrayOf("int8", ids));
				ps.setArray(3, c.createArrayOf("int8", indexes));
				ps.setArray(4, TreeStore.byteaArray(c, inputs));
				int updated = ps.executeUpdate();
				if (updated != ids.length) {
					throw new IllegalStateException("expected to sequence " + ids.length + " entries, updated " + updated);
				}
			}
			return null;
		});
		tree.insertNodes(newNodes, newHashes);
		jdbc.update("UPDATE audit_tree_state SET tree_size = ?, root_hash = ?, updated_at = now() WHERE id = 1", newSize,
				root);
	}
}
