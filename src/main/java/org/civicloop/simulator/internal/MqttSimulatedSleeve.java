package org.civicloop.simulator.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.simulator.Misbehaviour;
import org.civicloop.simulator.SealSleeve;
import org.civicloop.simulator.SimulatedSleeve;
import org.civicloop.simulator.SleeveLogEntry;
import org.civicloop.simulator.SleeveMemory;
import org.civicloop.simulator.SleeveOptions;

/** A {@link SealSleeve} on an {@link MqttSleeveConnection} (or an HTTP uplink), driven by one thread of its own. */
public final class MqttSimulatedSleeve implements SimulatedSleeve {

	static final int LOG_LINES = 500;

	private final SealSleeve sleeve;
	private final SleeveLink connection;
	private final ScheduledExecutorService thread;
	private final SleeveOptions options;
	private final Deque<SleeveLogEntry> log = new ArrayDeque<>();
	private volatile boolean helloSent;

	private MqttSimulatedSleeve(IssuedCredential credential, String url, boolean overHttp, SleeveOptions options) {
		this.options = options;
		this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "sleeve-" + credential.deviceId().value());
			t.setDaemon(true);
			return t;
		});
		SleeveMemory memory = options.memory() == null ? SleeveMemory.inMemory(0) : options.memory();
		Consumer<String> note = text -> append(new SleeveLogEntry(options.clock().instant().truncatedTo(ChronoUnit.MILLIS),
				SleeveLogEntry.Direction.NOTE, overHttp ? "http" : "mqtt", -1, text));
		this.connection = overHttp ? new HttpSleeveLink(url, credential.deviceId(), thread, this::connectedHook, note)
				: new MqttSleeveConnection(url, credential, thread, this::command, this::connectedHook, note);
		this.sleeve = new SealSleeve(credential, connection, memory, options.clock(), new SealSleeve.Listener() {

			@Override
			public void logged(SleeveLogEntry entry) {
				append(entry);
			}

			@Override
			public void unlocked(SealSleeve.Authorisation a) {
				if (options.autoStamp()) {
					int pages = a.impressions() + (sleeve().misbehaviours().contains(Misbehaviour.EXTRA_IMPRESSION) ? 1 : 0);
					long every = Math.max(0, options.stampInterval().toMillis());
					for (int k = 1; k <= pages; k++) {
						thread.schedule(() -> sleeve().stamp(), every * k, TimeUnit.MILLISECONDS);
					}
				}
			}
		});
	}

	/** Over MQTT ({@code tcp://…}) or, uplink only, over HTTP ({@code http(s)://…} base URL). */
	public static MqttSimulatedSleeve start(IssuedCredential credential, String url, SleeveOptions options) {
		boolean overHttp = url.startsWith("http://") || url.startsWith("https://");
		MqttSimulatedSleeve s = new MqttSimulatedSleeve(credential, url, overHttp, options);
		for (Misbehaviour m : options.misbehaviours()) {
			s.sleeve.misbehave(m, true);
		}
		s.thread.scheduleWithFixedDelay(s.sleeve::tick, 1, 1, TimeUnit.SECONDS);
		long hb = Math.max(1000, options.heartbeat().toMillis());
		s.thread.scheduleWithFixedDelay(s.sleeve::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
		Thread warmUp = new Thread(SealSleeve::prepare, "sleeve-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
		s.thread.execute(s.connection::connect);
		return s;
	}

	private SealSleeve sleeve() {
		return sleeve;
	}

	private void command(String compact) {
		sleeve.onCommand(compact);
	}

	private void connectedHook() {
		sleeve.connected();
		helloSent = true;
	}

	private void append(SleeveLogEntry e) {
		synchronized (log) {
			log.addLast(e);
			if (log.size() > LOG_LINES) {
				log.removeFirst();
			}
			log.notifyAll();
		}
		if (options.echo() != null) {
			options.echo().accept(e);
		}
	}

	private <T> T on(Callable<T> action) {
		try {
			return thread.submit(action).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException re) {
				throw re;
			}
			throw new IllegalStateException(e.getCause());
		}
		catch (TimeoutException e) {
			throw new IllegalStateException("the sleeve did not answer within 30 s");
		}
	}

	private void run(Runnable action) {
		on(() -> {
			action.run();
			return null;
		});
	}

	@Override
	public DeviceId deviceId() {
		return sleeve.id();
	}

	@Override
	public boolean connected() {
		return connection.isConnected() && helloSent;
	}

	@Override
	public boolean awaitConnected(Duration timeout) {
		Instant until = Instant.now().plus(timeout);
		while (!connected()) {
			if (Instant.now().isAfter(until)) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	@Override
	public SealSleeve.StampResult stamp() {
		return on(sleeve::stamp);
	}

	@Override
	public void misbehave(Misbehaviour m, boolean on) {
		switch (m) {
			case OFFLINE_BATCH -> {
				if (on) {
					goOffline();
				}
				else {
					goOnline();
				}
			}
			default -> run(() -> sleeve.misbehave(m, on));
		}
	}

	@Override
	public Set<Misbehaviour> misbehaviours() {
		return sleeve.misbehaviours();
	}

	@Override
	public void tamper(String reason) {
		run(() -> sleeve.tamper(reason));
	}

	@Override
	public void batteryLow() {
		run(sleeve::batteryLow);
	}

	@Override
	public void goOffline() {
		run(() -> {
			sleeve.goOffline();
			helloSent = false;
			connection.disconnect();
		});
	}

	@Override
	public void goOnline() {
		run(() -> {
			// not connected yet: the batch stays kept and goes out from the connected hook
			sleeve.goOnline();
			connection.connect();
		});
	}

	@Override
	public boolean replayLast() {
		return on(sleeve::replayLast);
	}

	@Override
	public void forgeNext() {
		run(sleeve::forgeNext);
	}

	@Override
	public Optional<SealSleeve.Authorisation> authorisation() {
		return sleeve.authorisation();
	}

	@Override
	public long lastSeq() {
		return sleeve.lastSeq();
	}

	@Override
	public List<SleeveLogEntry> events() {
		synchronized (log) {
			return new ArrayList<>(log);
		}
	}

	@Override
	public boolean awaitEvent(Predicate<SleeveLogEntry> test, Duration timeout) {
		long until = System.nanoTime() + timeout.toNanos();
		synchronized (log) {
			while (log.stream().noneMatch(test)) {
				long left = until - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					log.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	@Override
	public void close() {
		try {
			if (!thread.isShutdown()) {
				run(connection::close);
			}
		}
		catch (RuntimeException e) {
			// closing anyway
		}
		finally {
			thread.shutdownNow();
		}
	}
}
