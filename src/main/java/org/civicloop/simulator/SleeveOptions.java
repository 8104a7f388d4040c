package org.civicloop.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a simulated sleeve behaves. {@code autoStamp}: when an authorisation arrives it stamps n pages
 * (n+1 with {@link Misbehaviour#EXTRA_IMPRESSION}), {@code stampInterval} apart; {@code memory} null =
 * start at sequence 1 in memory; {@code echo} receives every log line as it happens (the command
 * prints them).
 */
public record SleeveOptions(boolean autoStamp, Duration stampInterval, Duration heartbeat,
		Set<Misbehaviour> misbehaviours, SleeveMemory memory, Clock clock, Consumer<SleeveLogEntry> echo) {

	public SleeveOptions {
		misbehaviours = misbehaviours == null || misbehaviours.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(misbehaviours));
		stampInterval = stampInterval == null ? Duration.ofSeconds(1) : stampInterval;
		heartbeat = heartbeat == null ? Duration.ofSeconds(60) : heartbeat;
		clock = clock == null ? Clock.systemUTC() : clock;
	}

	/** Manual stamping, one heartbeat a minute, behaving well, sequence from 1. */
	public static SleeveOptions defaults() {
		return new SleeveOptions(false, Duration.ofSeconds(1), Duration.ofSeconds(60), Set.of(), null, null, null);
	}

	public SleeveOptions withAutoStamp(boolean on, Duration interval) {
		return new SleeveOptions(on, interval, heartbeat, misbehaviours, memory, clock, echo);
	}

	public SleeveOptions withHeartbeat(Duration every) {
		return new SleeveOptions(autoStamp, stampInterval, every, misbehaviours, memory, clock, echo);
	}

	public SleeveOptions withMisbehaviours(Set<Misbehaviour> on) {
		return new SleeveOptions(autoStamp, stampInterval, heartbeat, on, memory, clock, echo);
	}

	public SleeveOptions withMemory(SleeveMemory m) {
		return new SleeveOptions(autoStamp, stampInterval, heartbeat, misbehaviours, m, clock, echo);
	}

	public SleeveOptions withClock(Clock c) {
		return new SleeveOptions(autoStamp, stampInterval, heartbeat, misbehaviours, memory, c, echo);
	}

	public SleeveOptions withEcho(Consumer<SleeveLogEntry> e) {
		return new SleeveOptions(autoStamp, stampInterval, heartbeat, misbehaviours, memory, clock, e);
	}
}
