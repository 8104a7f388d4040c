package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group commit's rules, without a database: every item written once, batches bounded, failures kept to their own caller. */
class GroupCommitTests {

	final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
	final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

	@Test
	void aCallerAloneWritesItsItemAtOnce() {
		GroupCommit<Integer> g = new GroupCommit<>(2, 8, batches::add, sizes::add);
		g.submit(1);
		g.submit(2);
		assertThat(batches).containsExactly(List.of(1), List.of(2));
		assertThat(sizes).containsExactly(1, 1);
	}

	@Test
	void concurrentItemsAreWrittenOnceEachInBoundedBatchesByAtMostTheGivenWriters() throws Exception {
		AtomicInteger writing = new AtomicInteger();
		AtomicInteger mostWriting = new AtomicInteger();
		GroupCommit<Integer> g = new GroupCommit<>(2, 5, batch -> {
			mostWriting.accumulateAndGet(writing.incrementAndGet(), Math::max);
			sleep(2); // a transaction's time: the next batch gathers meanwhile
			batches.add(batch);
			writing.decrementAndGet();
		}, sizes::add);
		int threads = 8, each = 60;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int base = t * each;
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < each; i++) {
					g.submit(base + i);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> f : done) {
			f.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		List<Integer> written = batches.stream().flatMap(List::stream).sorted().toList();
		assertThat(written).hasSize(threads * each).doesNotHaveDuplicates();
		assertThat(written.get(0)).isZero();
		assertThat(written.get(written.size() - 1)).isEqualTo(threads * each - 1);
		assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 5));
		assertThat(batches.size()).as("8 callers, 2 writers: batches gather").isLessThan(threads * each);
		assertThat(mostWriting.get()).isLessThanOrEqualTo(2);
		assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * each);
	}

	@Test
	void aWriterStopsOnceItsOwnItemIsWrittenAndTheNextCallerTakesOver() throws Exception {
		// one writer, one item a batch: under the old rule the first caller wrote everyone's items
		CountDownLatch firstWriting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		java.util.Map<Integer, String> writtenBy = new java.util.concurrent.ConcurrentHashMap<>();
		GroupCommit<Integer> g = new GroupCommit<>(1, 1, batch -> {
			if (batch.contains(0)) {
				firstWriting.countDown();
				await(release);
			}
			writtenBy.put(batch.get(0), Thread.currentThread().getName());
		}, sizes::add);
		ExecutorService pool = Executors.newFixedThreadPool(5);
		Future<String> first = pool.submit(() -> {
			g.submit(0);
			return Thread.currentThread().getName();
		});
		assertThat(firstWriting.await(10, TimeUnit.SECONDS)).isTrue();
		List<Future<String>> others = new ArrayList<>();
		List<Thread> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int v = 1; v <= 4; v++) {
			int item = v;
			others.add(pool.submit(() -> {
				callers.add(Thread.currentThread());
				g.submit(item);
				return Thread.currentThread().getName();
			}));
		}
		// all four queued and asleep (none between queuing and trying for the writer's turn)
		for (int waited = 0; (g.queued() < 4 || callers.size() < 4
				|| !callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) && waited < 10_000; waited += 5) {
			sleep(5);
		}
		assertThat(g.queued()).isEqualTo(4);
		assertThat(callers).allMatch(t -> t.getState() == Thread.State.WAITING);
		release.countDown();
		String firstCaller = first.get(10, TimeUnit.SECONDS);
		assertThat(writtenBy.get(0)).isEqualTo(firstCaller);
		for (int v = 1; v <= 4; v++) {
			String caller = others.get(v - 1).get(10, TimeUnit.SECONDS); // returns once its item is written
			assertThat(writtenBy.get(v)).as("item %d written by its own caller", v).isEqualTo(caller);
		}
		pool.shutdown();
		assertThat(sizes).containsExactly(1, 1, 1, 1, 1);
	}

	@Test
	void aBadItemFailsOnlyItsOwnCallerAndTheOthersOfItsBatchAreWritten() throws Exception {
		CountDownLatch firstWriting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> attempts = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<Integer> g = new GroupCommit<>(1, 10, batch -> {
			attempts.add(batch);
			if (batch.contains(0)) { // the first caller holds the only writer while the others queue
				firstWriting.countDown();
				await(release);
			}
			if (batch.contains(13)) {
				throw new IllegalStateException("13 is refused");
			}
			batches.add(batch);
		}, sizes::add);
		ExecutorService pool = Executors.newFixedThreadPool(5);
		Future<?> first = pool.submit(() -> g.submit(0));
		assertThat(firstWriting.await(10, TimeUnit.SECONDS)).isTrue();
		List<Future<?>> others = new ArrayList<>();
		for (int v : new int[] { 11, 12, 13, 14 }) {
			others.add(pool.submit(() -> g.submit(v)));
		}
		for (int waited = 0; g.queued() < 4 && waited < 10_000; waited += 5) {
			sleep(5);
		}
		assertThat(g.queued()).isEqualTo(4);
		release.countDown();
		first.get(10, TimeUnit.SECONDS);
		for (int k = 0; k < 4; k++) {
			Future<?> f = others.get(k);
			if (k == 2) {
				assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
					.hasRootCauseMessage("13 is refused");
			}
			else {
				f.get(10, TimeUnit.SECONDS);
			}
		}
		pool.shutdown();
		assertThat(attempts.get(1)).as("the four queued ones were tried together").containsExactlyInAnyOrder(11, 12, 13, 14);
		assertThat(batches).containsExactlyInAnyOrder(List.of(0), List.of(11), List.of(12), List.of(14));
		assertThat(batches.get(0)).containsExactly(0);
		assertThat(sizes).containsExactly(1, 1, 1, 1);
		assertThat(g.queued()).isZero();
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch l) {
		try {
			l.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
