package org.civicloop.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.civicloop.device.DeviceId;

/**
 * A running simulated sleeve on a real MQTT connection ({@link SimulatedSleeves#start}). Every
 * action runs on the sleeve's own thread and returns when it is done (the messages handed to the
 * MQTT client, or kept when offline).
 */
public interface SimulatedSleeve extends AutoCloseable {

	DeviceId deviceId();

	boolean connected();

	/** Waits until connected and subscribed (hello sent); false on timeout. */
	boolean awaitConnected(Duration timeout);

	SealSleeve.StampResult stamp();

	void misbehave(Misbehaviour m, boolean on);

	Set<Misbehaviour> misbehaviours();

	void tamper(String reason);

	void batteryLow();

	/** Leaves the broker (status "offline") and keeps every message until {@link #goOnline}. */
	void goOffline();

	/** Connects again; what was kept goes out as one batch, then hello. */
	void goOnline();

	boolean replayLast();

	void forgeNext();

	Optional<SealSleeve.Authorisation> authorisation();

	long lastSeq();

	/** The log, oldest first (the last few hundred lines). */
	List<SleeveLogEntry> events();

	/** Waits until a log line matching {@code test} exists (already or later); false on timeout. */
	boolean awaitEvent(Predicate<SleeveLogEntry> test, Duration timeout);

	/** Disconnects (status "offline") and stops the sleeve's thread. */
	@Override
	void close();
}
