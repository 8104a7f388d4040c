package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where the duplicates to suggest are looked up: the open orders that have a place, in memory, by
 * category ({@link OpenOrderGrid}). The database's nearest-first index (V83) did it in the
 * intake's statement for about 0.25 ms of PostgreSQL's CPU an order, and kept its GiST entries up
 * on every insert and state change; the database is the one part of the platform that does not
 * scale out with more instances, so the search moved into them (V87 drops that index).
 * <p>
 * It proposes, the database decides: the orders it finds are read back (still open, same
 * category) before anyone sees them, and one that is not is forgotten. This instance's own
 * changes reach it when they commit. Orders filed on other instances arrive with a poll by
 * submission time every {@code civicloop.workorder.open-index-poll-ms} (it reads the last
 * {@link #MARGIN} again, for transactions that committed late and clocks a little apart); it is
 * rebuilt whole every {@code civicloop.workorder.open-index-rebuild-ms}, which brings orders
 * reopened elsewhere and generated ones. Suggestions are hints for the requester and staff, who
 * merge from the order's page, so a few seconds' lag for another instance's order is harmless.
 */
@Component
public class OpenOrderIndex {

	private static final Logger log = LoggerFactory.getLogger(OpenOrderIndex.class);

	static final Duration MARGIN = Duration.ofSeconds(5);
	private static final String OPEN = "state IN " + WorkOrderQueries.OPEN_STATES + " AND lat IS NOT NULL";

	private final JdbcClient jdbc;
	private final double cellDegrees;
	private volatile OpenOrderGrid grid;
	/** The latest submission time read from the database; the poll reads from {@link #MARGIN} before it. */
	private volatile Instant watermark;

	OpenOrderIndex(JdbcClient jdbc, @Value("${civicloop.workorder.duplicate-radius-m:200}") double radius) {
		this.jdbc = jdbc;
		// cells a quarter of the radius (in latitude): where orders are sparse a search looks up the
		// 81 to 100 cells of its radius, where they are dense it reads the few around the place and
		// stops (OpenOrderGrid.rings); cells as wide as the radius made a dense street's search
		// measure every place within it, 0.14 ms of CPU an order in the benchmark's street
		this.cellDegrees = Math.min(1, Math.max(0.0001, Math.toDegrees(radius / OpenOrderGrid.EARTH_RADIUS_M) / 4));
		rebuild();
	}

	/**
	 * The (at most) {@code limit} open orders of the category within {@code meters}, nearest first, as
	 * this instance knows them: to be read back from the database before they are shown.
	 */
	List<OpenOrderGrid.Hit> nearest(String category, double lat, double lng, double meters, int limit, UUID exclude) {
		return grid.nearest(category, lat, lng, meters, limit, exclude);
	}

	/** A proposed order the database no longer has open in that category: forget it. */
	void forget(OpenOrderGrid.Hit stale, String category) {
		grid.remove(stale.id(), category, stale.lat(), stale.lng());
	}

	/** Takes the orders in (open) or out (any other state) once the current transaction commits; at once without one. */
	void afterCommit(Collection<WorkOrder> orders) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					orders.forEach(OpenOrderIndex.this::track);
				}
			});
		}
		else {
			orders.forEach(this::track);
		}
	}

	private void track(WorkOrder o) {
		if (o.lat() == null || o.lng() == null) {
			return;
		}
		if (o.state().isOpen()) {
			grid.add(o.id(), o.categoryCode(), o.lat(), o.lng(), o.submittedAt().toEpochMilli());
		}
		else {
			grid.remove(o.id(), o.categoryCode(), o.lat(), o.lng());
		}
	}

	/** The orders filed since the last poll (on any instance) that are open. */
	@Scheduled(initialDelayString = "${civicloop.workorder.open-index-poll-ms:2000}",
			fixedDelayString = "${civicloop.workorder.open-index-poll-ms:2000}")
	public void poll() {
		read(grid, "AND submitted_at > :since", watermark.minus(MARGIN));
	}

	/** Reads every open order anew and replaces the index with what it read. */
	@Scheduled(initialDelayString = "${civicloop.workorder.open-index-rebuild-ms:300000}",
			fixedDelayString = "${civicloop.workorder.open-index-rebuild-ms:300000}")
	public void rebuild() {
		long t0 = System.nanoTime();
		Instant before = watermark;
		OpenOrderGrid fresh = new OpenOrderGrid(cellDegrees);
		int n = read(fresh, "", null);
		grid = fresh;
		// what committed in this instance while the rebuild read went into the old grid: read again
		if (before != null) {
			read(grid, "AND submitted_at > :since", before.minus(MARGIN));
		}
		long ms = (System.nanoTime() - t0) / 1_000_000;
		// once at start, then only when it grows slow: every five minutes would be noise in the log
		if (before == null || ms > 1000) {
			log.info("Open orders for duplicate suggestions: {} read in {} ms", n, ms);
		}
	}

	private int read(OpenOrderGrid into, String condition, Instant since) {
		Instant started = Instant.now();
		AtomicInteger n = new AtomicInteger();
		Instant[] latest = { null };
		JdbcClient.StatementSpec sql = jdbc
			.sql("SELECT id, category_code, lat, lng, submitted_at FROM workorder_order WHERE " + OPEN + " " + condition);
		if (since != null) {
			sql = sql.param("since", Timestamp.from(since));
		}
		sql.query(rs -> {
			Instant at = rs.getTimestamp(5).toInstant();
			into.add(rs.getObject(1, UUID.class), rs.getString(2), rs.getDouble(3), rs.getDouble(4), at.toEpochMilli());
			if (latest[0] == null || at.isAfter(latest[0])) {
				latest[0] = at;
			}
			n.incrementAndGet();
		});
		synchronized (this) {
			Instant w = latest[0] == null ? started.minus(MARGIN) : latest[0];
			if (watermark == null || w.isAfter(watermark)) {
				watermark = w;
			}
		}
		return n.get();
	}
}
