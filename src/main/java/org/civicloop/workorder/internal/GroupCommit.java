package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Group commit: concurrent callers' items are written together, in one transaction, by whichever
 * caller is free to write. Each caller queues its item and, if fewer than {@code writers} callers
 * are writing, becomes a writer itself: it takes up to {@code maxBatch} queued items (its own or
 * others'), writes them, and goes on while items are queued. Then it waits until its own item is
 * written. While one batch is being written the next one gathers, so under load a batch holds
 * about as many items as there are callers waiting, and alone a caller writes its item at once: no
 * timer, no thread of its own, nothing held back to wait for company.
 * <p>
 * Every queued item is written: a writer looks at the queue again after giving up its turn, so an
 * item queued while all writers were busy is taken by the last of them at the latest.
 * <p>
 * If a batch fails, each of its items is written again on its own, so that one bad item fails
 * only its own caller, with its own exception.
 */
final class GroupCommit<T> {

	private final ConcurrentLinkedQueue<Item<T>> queue = new ConcurrentLinkedQueue<>();
	private final Semaphore writers;
	private final int maxBatch;
	private final Consumer<List<T>> write;
	private final Consumer<Integer> batchSizes;

	/**
	 * @param write writes a batch in one transaction of its own, all or nothing
	 * @param batchSizes told the size of every batch written (a metric)
	 */
	GroupCommit(int writers, int maxBatch, Consumer<List<T>> write, Consumer<Integer> batchSizes) {
		if (writers < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("writers and maxBatch are at least 1");
		}
		this.writers = new Semaphore(writers);
		this.maxBatch = maxBatch;
		this.write = write;
		this.batchSizes = batchSizes;
	}

	/** Returns when the item is written; throws what writing it (on its own) threw. */
	void submit(T value) {
		Item<T> item = new Item<>(value);
		queue.add(item);
		drain();
		try {
			item.done.join();
		}
		catch (java.util.concurrent.CompletionException e) {
			if (e.getCause() instanceof RuntimeException r) {
				throw r;
			}
			if (e.getCause() instanceof Error err) {
				throw err;
			}
			throw e;
		}
	}

	/** Items waiting for a writer (for tests and diagnostics; counts the queue). */
	int queued() {
		return queue.size();
	}

	private void drain() {
		while (!queue.isEmpty() && writers.tryAcquire()) {
			try {
				List<Item<T>> batch = new ArrayList<>();
				Item<T> next;
				while (batch.size() < maxBatch && (next = queue.poll()) != null) {
					batch.add(next);
				}
				if (!batch.isEmpty()) {
					writeBatch(batch);
				}
			}
			finally {
				writers.release();
			}
		}
	}

	private void writeBatch(List<Item<T>> batch) {
		try {
			write.accept(batch.stream().map(i -> i.value).toList());
			batchSizes.accept(batch.size());
			batch.forEach(i -> i.done.complete(null));
			return;
		}
		catch (Error e) {
			batch.forEach(i -> i.done.completeExceptionally(e));
			return;
		}
		catch (RuntimeException e) {
			if (batch.size() == 1) {
				batch.get(0).done.completeExceptionally(e);
				return;
			}
		}
		for (Item<T> i : batch) {
			try {
				write.accept(List.of(i.value));
				batchSizes.accept(1);
				i.done.complete(null);
			}
			catch (RuntimeException | Error e) {
				i.done.completeExceptionally(e);
			}
		}
	}

	private static final class Item<T> {

		final T value;
		final CompletableFuture<Void> done = new CompletableFuture<>();

		Item(T value) {
			this.value = value;
		}
	}
}
