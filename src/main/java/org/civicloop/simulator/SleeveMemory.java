package org.civicloop.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a sleeve must not forget across restarts: the last sequence number it used (the platform
 * takes a lower one for a replay) and the commands it has answered (they are one-time). Kept in a
 * small JSON file when the simulator runs as a command, in memory on the page and in tests. The
 * sequence number is saved before the message leaves, so a crash costs a gap, never a reuse.
 */
public final class SleeveMemory {

	/** Enough to answer any command still within its validity; older ones are expired anyway. */
	static final int MAX_COMMANDS = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How the sleeve answered a command: {@code digest} tells a redelivery from a reused id. */
	public record Answer(String digest, String result, String reason) {
	}

	record Stored(long lastSeq, Map<UUID, Answer> commands) {
	}

	private final Path file;
	private long lastSeq;
	private final LinkedHashMap<UUID, Answer> commands = new LinkedHashMap<>();

	private SleeveMemory(Path file, long lastSeq) {
		this.file = file;
		this.lastSeq = lastSeq;
	}

	/** Starts after {@code lastSeq} (the platform's {@code DeviceView.lastSeq()} for a demo device). */
	public static SleeveMemory inMemory(long lastSeq) {
		return new SleeveMemory(null, lastSeq);
	}

	/** Reads {@code file} if it exists (a new device starts at seq 1), and writes every change to it. */
	public static SleeveMemory file(Path file) {
		SleeveMemory m = new SleeveMemory(file, 0);
		if (Files.exists(file)) {
			try {
				Stored s = JSON.readValue(file.toFile(), Stored.class);
				m.lastSeq = s.lastSeq();
				if (s.commands() != null) {
					m.commands.putAll(s.commands());
				}
			}
			catch (JacksonException e) {
				throw new IllegalArgumentException("state file " + file + " is not readable: " + e.getOriginalMessage());
			}
		}
		return m;
	}

	public synchronized long lastSeq() {
		return lastSeq;
	}

	synchronized void useSeq(long seq) {
		if (seq > lastSeq) {
			lastSeq = seq;
			save();
		}
	}

	synchronized Optional<Answer> answer(UUID command) {
		return Optional.ofNullable(commands.get(command));
	}

	synchronized void answered(UUID command, Answer answer) {
		commands.put(command, answer);
		while (commands.size() > MAX_COMMANDS) {
			commands.remove(commands.keySet().iterator().next());
		}
		save();
	}

	private void save() {
		if (file == null) {
			return;
		}
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, ".sleeve", ".tmp");
			JSON.writeValue(tmp.toFile(), new Stored(lastSeq, commands));
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot save the sleeve state to " + file, e);
		}
	}
}
