package org.civicloop.workorder.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link BulkGenerator} over the demo tree in the background (one run at a time) and keeps
 * its progress for the admin API; progress is also logged with percentage and rate.
 */
@Component
public class GeneratorJob {

	private static final Logger log = LoggerFactory.getLogger(GeneratorJob.class);

	public record Status(boolean running, long done, long total, double percent, double perSecond, String error) {
	}

	private final DataSource dataSource;
	private final Territories territories;
	private final Catalogue catalogue;
	private final AtomicReference<Status> status = new AtomicReference<>(new Status(false, 0, 0, 0, 0, null));

	private final OpenOrderIndex openOrders;

	GeneratorJob(DataSource dataSource, Territories territories, Catalogue catalogue, OpenOrderIndex openOrders) {
		this.dataSource = dataSource;
		this.territories = territories;
		this.catalogue = catalogue;
		this.openOrders = openOrders;
	}

	public Status status() {
		return status.get();
	}

	/** What the current or last run was asked for (null before the first). */
	public record Run(long count, LocalDate end, int days, long seed, String startedBy, Instant startedAt) {
	}

	public static final long MAX_COUNT = 20_000_000;
	public static final int MAX_DAYS = 3_660;

	private volatile Run lastRun;

	public Run lastRun() {
		return lastRun;
	}

	/** Starts a run; 409 (IllegalStateException) while one is running. */
	public synchronized Status start(long count, long seed) {
		return start(count, LocalDate.now(WorkingCalendar.ZONE).plusDays(1), 365, seed, null);
	}

	/**
	 * Starts a run of {@code count} requests submitted in the {@code days} days before {@code end};
	 * 400 (IllegalArgumentException) for values out of range, 409 (IllegalStateException) while a
	 * run is in progress: two runs at once would only compete for the same disk.
	 */
	public synchronized Status start(long count, LocalDate end, int days, long seed, String startedBy) {
		if (count < 1 || count > MAX_COUNT) {
			throw new IllegalArgumentException("count: 1 to " + MAX_COUNT);
		}
		if (days < 1 || days > MAX_DAYS) {
			throw new IllegalArgumentException("days: 1 to " + MAX_DAYS);
		}
		if (end == null || end.getYear() < 2000 || end.isAfter(LocalDate.now(WorkingCalendar.ZONE).plusYears(1))) {
			throw new IllegalArgumentException("end: from 2000 to a year from now");
		}
		if (status.get().running()) {
			throw new IllegalStateException("A generator run is in progress");
		}
		status.set(new Status(true, 0, count, 0, 0, null));
		lastRun = new Run(count, end, days, seed, startedBy, Instant.now());
		Thread t = new Thread(() -> run(count, end, days, seed), "workorder-generator");
		t.setDaemon(true);
		t.start();
		return status.get();
	}

	public long run(long count, long seed) {
		return run(count, LocalDate.now(WorkingCalendar.ZONE).plusDays(1), 365, seed);
	}

	private long run(long count, LocalDate end, int days, long seed) {
		try {
			BulkGenerator g = new BulkGenerator(dataSource, tree(),
					(cat, code) -> catalogue.route(cat, TerritoryCode.of(code)).unit());
			long n = g.generate(count, end, days, seed, (int) Math.min(50_000, Math.max(1_000, count / 100)), p -> {
				status.set(new Status(!p.finished(), p.done(), p.total(), p.percent(), p.perSecond(), null));
				log.info("work-order generator: {}/{} ({}%), {}/s", p.done(), p.total(),
						String.format("%.1f", p.percent()), String.format("%.0f", p.perSecond()));
			});
			// the generated open orders are suggested as duplicates from now on, not from the next rebuild
			openOrders.rebuild();
			return n;
		}
		catch (Exception e) {
			log.warn("work-order generator failed", e);
			Status s = status.get();
			status.set(new Status(false, s.done(), s.total(), s.percent(), s.perSecond(), e.getMessage()));
			return status.get().done();
		}
	}

	private List<TerritoryNode> tree() {
		List<TerritoryNode> all = new ArrayList<>();
		Deque<TerritoryNode> todo = new ArrayDeque<>();
		territories.find(TerritoryCode.of("330100")).ifPresent(todo::add);
		while (!todo.isEmpty()) {
			TerritoryNode n = todo.poll();
			all.add(n);
			todo.addAll(territories.children(n.territoryCode()));
		}
		return all;
	}
}
