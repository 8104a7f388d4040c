package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Group commit: concurrent callers' items are written together, in one transaction, by one of the
 * callers. Each caller queues its item and, if fewer than {@code writers} callers are writing,
 * becomes a writer itself: it takes up to {@code maxBatch} queued items (its own and others', oldest
 * first) and writes them, again until its own item is written. While one batch is being written
 * the next one gathers, so under load a batch holds about as many items as there are callers
 * waiting, and alone a caller writes its item at once: no timer, no thread of its own, nothing held
 * back to wait for company.
 * <p>
 * A writer stops once its own item is written, so that its own caller is not kept writing for
 * others under sustained load; if items are still queued it wakes the caller of the oldest one to
 * take over. A waiting caller sleeps until its item is written or it is woken to write: every
 * queued item is therefore written, by the writers active when it was queued or by the caller woken
 * after them.
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
		Item<T> item = new Item<>(value, Thread.currentThread());
		queue.add(item);
		boolean interrupted = false;
		while (!item.done.isDone()) {
			if (!queue.isEmpty() && writers.tryAcquire()) {
				try {
					writeUntilDone(item);
				}
				finally {
					writers.release();
				}
				Item<T> next = queue.peek();
				if (next != null) {
					LockSupport.unpark(next.owner);
				}
			}
			else {
				// the item is in a batch being written, or a writer is busy and will wake the caller
				// of the oldest queued item when it leaves
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		try {
			item.done.join();
		}
		catch (CompletionException e) {
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

	private void writeUntilDone(Item<T> mine) {
		while (!mine.done.isDone()) {
			List<Item<T>> batch = new ArrayList<>();
			Item<T> next;
			while (batch.size() < maxBatch && (next = queue.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				return; // another writer has it
			}
			writeBatch(batch);
		}
	}

	private void writeBatch(List<Item<T>> batch) {
		try {
			write.accept(batch.stream().map(i -> i.value).toList());
			batchSizes.accept(batch.size());
			batch.forEach(i -> i.complete(null));
			return;
		}
		catch (Error e) {
			batch.forEach(i -> i.complete(e));
			return;
		}
		catch (RuntimeException e) {
			if (batch.size() == 1) {
				batch.get(0).complete(e);
				return;
			}
		}
		for (Item<T> i : batch) {
			try {
				write.accept(List.of(i.value));
				batchSizes.accept(1);
				i.complete(null);
			}
			catch (RuntimeException | Error e) {
				i.complete(e);
			}
		}
	}

	private static final class Item<T> {

		final T value;
		final Thread owner;
		final CompletableFuture<Void> done = new CompletableFuture<>();

		Item(T value, Thread owner) {
			this.value = value;
			this.owner = owner;
		}

		void complete(Throwable failure) {
			if (failure == null) {
				done.complete(null);
			}
			else {
				done.completeExceptionally(failure);
			}
			LockSupport.unpark(owner);
		}
	}
}
