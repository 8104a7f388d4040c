package org.civicloop.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.EventTypes;

/**
 * The {@code seal-simulator} command of the jar, run by {@code CivicLoopApplication.main} before
 * (instead of) Spring: one simulated sleeve on a real broker, with the device's credential file,
 * until interrupted, {@code --once} the first authorisation ended or {@code --duration} passed.
 * In manual mode it reads actions from standard input, one a line.
 */
public final class SimulatorCommandLine {

	public static final String COMMAND = "seal-simulator";

	static final Set<String> FLAGS = Set.of("broker", "credential", "impressions", "misbehave", "state", "interval",
			"heartbeat", "once", "duration", "http", "help");

	private SimulatorCommandLine() {
	}

	public static boolean handles(String[] args) {
		return args.length > 0 && args[0].equals(COMMAND);
	}

	/** @return the process exit code: 0 done, 2 bad usage (the message says what) */
	public static int run(String[] args, InputStream in, PrintStream out) {
		Map<String, String> opts = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			String a = args[i];
			if (!a.startsWith("--")) {
				out.println("Unexpected argument: " + a);
				return usage(out, 2);
			}
			int eq = a.indexOf('=');
			String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
			if (!FLAGS.contains(name)) {
				out.println("Unknown option: --" + name);
				return usage(out, 2);
			}
			if (eq > 0) {
				opts.put(name, a.substring(eq + 1));
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				opts.put(name, args[++i]);
			}
			else {
				opts.put(name, "");
			}
		}
		if (opts.containsKey("help")) {
			return usage(out, 0);
		}
		Settings s;
		try {
			s = settings(opts);
		}
		catch (IllegalArgumentException e) {
			out.println("Error: " + e.getMessage());
			return usage(out, 2);
		}
		return simulate(s, in, out);
	}

	record Settings(IssuedCredential credential, String broker, boolean auto, Set<Misbehaviour> misbehaviours,
			Path state, Duration interval, Duration heartbeat, boolean once, Duration duration) {
	}

	static Settings settings(Map<String, String> opts) {
		String credential = opts.get("credential");
		if (credential == null || credential.isBlank()) {
			throw new IllegalArgumentException("--credential <file> is required");
		}
		if (opts.containsKey("http")) {
			if (opts.containsKey("broker")) {
				throw new IllegalArgumentException("--http and --broker exclude each other");
			}
			String base = opts.get("http");
			if (!base.startsWith("http://") && !base.startsWith("https://")) {
				throw new IllegalArgumentException("--http must be the platform's base URL, e.g. http://127.0.0.1:8080");
			}
			try {
				URI.create(base);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("--http must be the platform's base URL, e.g. http://127.0.0.1:8080");
			}
		}
		String broker = opts.containsKey("http") ? "tcp://unused:1" : opts.getOrDefault("broker", "tcp://127.0.0.1:18830");
		URI uri;
		try {
			uri = URI.create(broker);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("--broker must look like tcp://host:port");
		}
		if (!Set.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
			throw new IllegalArgumentException("--broker must look like tcp://host:port");
		}
		String impressions = opts.getOrDefault("impressions", "auto");
		if (!impressions.equals("auto") && !impressions.equals("manual")) {
			throw new IllegalArgumentException("--impressions is auto or manual");
		}
		Set<Misbehaviour> mis = EnumSet.noneOf(Misbehaviour.class);
		String list = opts.getOrDefault("misbehave", "");
		if (opts.containsKey("misbehave") && list.isBlank()) {
			throw new IllegalArgumentException("--misbehave needs a list, e.g. extra-impression,replay");
		}
		for (String flag : list.split(",")) {
			if (!flag.isBlank()) {
				mis.add(Misbehaviour.ofFlag(flag));
			}
		}
		Path credentialFile = Path.of(credential);
		Path state = Path.of(opts.getOrDefault("state", credential + ".state.json"));
		IssuedCredential c = CredentialFile.read(credentialFile);
		return new Settings(c, opts.containsKey("http") ? opts.get("http") : broker, impressions.equals("auto"), mis, state, duration(opts, "interval", "PT1S"),
				duration(opts, "heartbeat", "PT60S"), opts.containsKey("once"),
				opts.containsKey("duration") ? duration(opts, "duration", null) : null);
	}

	private static Duration duration(Map<String, String> opts, String name, String fallback) {
		String v = opts.getOrDefault(name, fallback);
		try {
			Duration d = Duration.parse(v.matches("\\d+") ? "PT" + v + "S" : v);
			if (d.isNegative()) {
				throw new IllegalArgumentException("--" + name + " must not be negative");
			}
			return d;
		}
		catch (DateTimeParseException | NullPointerException e) {
			throw new IllegalArgumentException("--" + name + " is seconds or an ISO-8601 duration such as PT1S");
		}
	}

	private static int simulate(Settings s, InputStream in, PrintStream out) {
		CountDownLatch ended = new CountDownLatch(1);
		SleeveMemory memory;
		try {
			memory = SleeveMemory.file(s.state());
		}
		catch (IllegalArgumentException e) {
			out.println("Error: " + e.getMessage());
			return 2;
		}
		SleeveOptions options = SleeveOptions.defaults()
			.withAutoStamp(s.auto(), s.interval())
			.withHeartbeat(s.heartbeat())
			.withMisbehaviours(s.misbehaviours())
			.withMemory(memory)
			.withEcho(e -> {
				out.println(e);
				if (s.once() && e.direction() != SleeveLogEntry.Direction.NOTE && e.type().equals(EventTypes.LOCK)) {
					ended.countDown();
				}
			});
		out.println("Sleeve " + s.credential().deviceId() + " → " + s.broker() + " (state " + s.state() + ", last seq "
				+ memory.lastSeq() + ")");
		SimulatedSleeve sleeve = SimulatedSleeves.start(s.credential(), s.broker(), options);
		Thread hook = new Thread(sleeve::close, "sleeve-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			if (!s.auto()) {
				Thread console = new Thread(() -> console(sleeve, in, out, ended), "sleeve-console");
				console.setDaemon(true);
				console.start();
			}
			if (s.duration() != null) {
				ended.await(s.duration().toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				ended.await();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		finally {
			sleeve.close();
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException e) {
				// already shutting down
			}
		}
		return 0;
	}

	static final String ACTIONS = "stamp | tamper | battery | offline | online | replay | forge | "
			+ "on <misbehaviour> | off <misbehaviour> | status | quit";

	private static void console(SimulatedSleeve sleeve, InputStream in, PrintStream out, CountDownLatch ended) {
		out.println("Actions: " + ACTIONS);
		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				String[] w = line.trim().split("\\s+");
				try {
					switch (w[0]) {
						case "" -> {
						}
						case "stamp" -> out.println(sleeve.stamp());
						case "tamper" -> sleeve.tamper("casing opened");
						case "battery" -> sleeve.batteryLow();
						case "offline" -> sleeve.goOffline();
						case "online" -> sleeve.goOnline();
						case "replay" -> out.println(sleeve.replayLast() ? "replayed" : "nothing to replay");
						case "forge" -> sleeve.forgeNext();
						case "on", "off" -> sleeve.misbehave(Misbehaviour.ofFlag(w.length > 1 ? w[1] : ""), w[0].equals("on"));
						case "status" -> out.println((sleeve.connected() ? "connected" : "not connected") + ", seq "
								+ sleeve.lastSeq() + ", " + sleeve.authorisation().map(Object::toString).orElse("no authorisation")
								+ ", misbehaving " + sleeve.misbehaviours());
						case "quit", "exit" -> {
							ended.countDown();
							return;
						}
						default -> out.println("Actions: " + ACTIONS);
					}
				}
				catch (IllegalArgumentException | IllegalStateException e) {
					out.println("Error: " + e.getMessage());
				}
			}
		}
		catch (IOException e) {
			out.println("Error: standard input: " + e.getMessage());
		}
		ended.countDown();
	}

	private static int usage(PrintStream out, int code) {
		out.println("""
				seal-simulator --credential device.json [--broker tcp://127.0.0.1:18830 | --http http://127.0.0.1:8080]
				               [--impressions auto|manual]
				               [--misbehave extra-impression,replay,...] [--state device.json.state.json]
				               [--interval PT1S] [--heartbeat PT60S] [--once] [--duration PT5M]
				  --credential  the device's credential file (JSON, see docs/device-simulator.md)
				  --broker      the platform's MQTT broker (default: the embedded one on port 18830)
				  --http        instead of MQTT: POST messages and photos to the platform (no commands arrive)
				  --impressions auto: stamp every authorised page (--interval apart); manual: read actions
				                from standard input: %s
				  --misbehave   from the start: %s
				  --state       where the sequence number and answered commands are kept across runs
				  --once        exit when the first authorisation ends (lock); --duration: exit after it"""
			.formatted(ACTIONS, String.join(",", java.util.Arrays.stream(Misbehaviour.values()).map(Misbehaviour::flag).toList())));
		return code;
	}
}
