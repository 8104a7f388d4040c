package org.civicloop.simulator;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.CommandMessage;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.MalformedMessageException;
import org.civicloop.device.protocol.Topics;
import org.civicloop.shared.crypto.Ed25519Keys;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logic of a seal sleeve, without I/O: what it sends (through a {@link SleeveTransport}) when a
 * command arrives, when the seal is pressed, when time passes. It obeys the protocol of
 * {@code org.civicloop.device.protocol} — unless told to misbehave ({@link Misbehaviour}).
 * <p>
 * A command is obeyed only if the platform's signature verifies, it names this device, now is within
 * [nbf, exp] and its id is new; the answer is a {@code command.ack} ("accepted" or "rejected" with a
 * reason). A redelivery of a command already answered (the platform re-sends until it hears the
 * ack) gets the same answer again and changes nothing; the same id with other content is rejected.
 * Forged commands are rejected without being remembered, so a forgery cannot use up the id of a
 * genuine command still on its way.
 * <p>
 * Not thread-safe by design of its callers: every method is synchronized, and the connection runs
 * them on one thread.
 */
public final class SealSleeve {

	public static final String FIRMWARE = "civicloop-sim/1";

	/** Only for the byte array of an offline batch; messages themselves are signed by {@link Jws}. */
	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final int HISTORY = 200;

	/** Where an authorisation stands on the sleeve. */
	public enum AuthorisationState {
		IN_FORCE, DONE, EXPIRED, CANCELLED
	}

	/** The authorisation the sleeve holds (the last one it accepted, in force or ended). */
	public record Authorisation(UUID command, String authorisation, String seal, int impressions, int used,
			Instant notBefore, Instant expiresAt, AuthorisationState state) {
	}

	/** What pressing the seal did: stamped impression k (with the photo's hash), or why not. */
	public record StampResult(boolean stamped, String refusal, int k, String photoSha256) {

		static StampResult refused(String why) {
			return new StampResult(false, why, 0, null);
		}
	}

	/** What a sleeve tells the one who drives it. Called on the sleeve's thread, while it holds its lock. */
	public interface Listener {

		default void logged(SleeveLogEntry entry) {
		}

		/** An authorisation was accepted and the sleeve unlocked (auto-stamping starts here). */
		default void unlocked(Authorisation authorisation) {
		}
	}

	record Keys(PrivateKey device, PublicKey platform) {
	}

	private final DeviceId id;
	private final String keyId;
	private final PrivateKey key;
	private final PublicKey platformKey;
	private final SleeveTransport transport;
	private final SleeveMemory memory;
	private final Clock clock;
	private final Listener listener;

	private final EnumSet<Misbehaviour> modes = EnumSet.noneOf(Misbehaviour.class);
	private boolean forgeNext;
	private int forgeries;
	private final List<String> buffer = new ArrayList<>();
	private final Map<String, byte[]> bufferedBlobs = new LinkedHashMap<>();
	private final Deque<String> history = new ArrayDeque<>();
	private Auth current;
	private int unauthorised;
	private int battery = 87;

	/** The mutable side of {@link Authorisation}. */
	private static final class Auth {
		final UUID command;
		final String authorisation;
		final String seal;
		final int impressions;
		final Instant notBefore;
		final Instant expiresAt;
		int used;
		AuthorisationState state = AuthorisationState.IN_FORCE;

		Auth(UUID command, String authorisation, String seal, int impressions, Instant notBefore, Instant expiresAt) {
			this.command = command;
			this.authorisation = authorisation;
			this.seal = seal;
			this.impressions = impressions;
			this.notBefore = notBefore;
			this.expiresAt = expiresAt;
		}

		Authorisation view() {
			return new Authorisation(command, authorisation, seal, impressions, used, notBefore, expiresAt, state);
		}
	}

	public SealSleeve(IssuedCredential credential, SleeveTransport transport, SleeveMemory memory, Clock clock,
			Listener listener) {
		Keys keys = keys(credential);
		this.id = credential.deviceId();
		this.keyId = credential.keyId();
		this.key = keys.device();
		this.platformKey = keys.platform();
		this.transport = transport;
		this.memory = memory;
		this.clock = clock;
		this.listener = listener == null ? new Listener() {
		} : listener;
	}

	/** The keys of a credential; the message says which PEM is wrong. */
	static Keys keys(IssuedCredential c) {
		PrivateKey device;
		PublicKey platform;
		try {
			device = Ed25519Keys.privateFromPkcs8(Ed25519Keys.fromPem(c.privateKeyPem(), "PRIVATE KEY"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("the device private key is not an Ed25519 PKCS#8 PEM");
		}
		try {
			platform = Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(c.platformPublicKeyPem(), "PUBLIC KEY"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("the platform public key is not an Ed25519 PEM");
		}
		return new Keys(device, platform);
	}

	/**
	 * Loads the imaging, JSON and signature classes (the first photo and message take seconds on a
	 * small machine otherwise): run it
	 * off the sleeve's thread at start so that the first stamp is not late.
	 */
	public static void prepare() {
		PagePhoto.png("warm-up", null, 1, 1, Instant.EPOCH);
		Jws.parse(Jws.sign(new DeviceMessage(DeviceMessage.VERSION, "warm-up", 1, EventTypes.HELLO, Instant.EPOCH,
				Map.of()), "warm-up:1", Ed25519Keys.generate().getPrivate())).payloadAs(DeviceMessage.class);
	}

	public DeviceId id() {
		return id;
	}

	public synchronized long lastSeq() {
		return memory.lastSeq();
	}

	public synchronized Optional<Authorisation> authorisation() {
		return Optional.ofNullable(current).map(Auth::view);
	}

	public synchronized Set<Misbehaviour> misbehaviours() {
		return EnumSet.copyOf(modes);
	}

	public synchronized boolean offline() {
		return modes.contains(Misbehaviour.OFFLINE_BATCH);
	}

	/** Messages kept while offline (or while the connection was down), oldest first. */
	public synchronized int buffered() {
		return buffer.size();
	}

	// ---------------------------------------------------------------- the connection

	/** The connection is (again) up: what was kept goes out as one batch, then {@code hello}. */
	public synchronized void connected() {
		if (!offline()) {
			flush();
		}
		emit(EventTypes.HELLO, map("fw", FIRMWARE, "battery", battery));
	}

	/** A message on the device's command topic. */
	public synchronized void onCommand(String compact) {
		Instant now = now();
		note(SleeveLogEntry.Direction.RECEIVED, "command", compact.length() + " bytes");
		Jws.Parsed parsed;
		CommandMessage c;
		try {
			parsed = Jws.parse(compact);
			c = parsed.payloadAs(CommandMessage.class);
		}
		catch (MalformedMessageException e) {
			note(SleeveLogEntry.Direction.NOTE, "command.ignored", "malformed: " + e.getMessage());
			return;
		}
		if (c.id() == null) {
			note(SleeveLogEntry.Direction.NOTE, "command.ignored", "no command id");
			return;
		}
		if (!parsed.verifiedBy(platformKey)) {
			// not remembered: a forgery must not burn the id of a genuine command
			ack(c.id(), "rejected", "bad signature");
			return;
		}
		String digest = PagePhoto.sha256(compact.getBytes(StandardCharsets.US_ASCII));
		Optional<SleeveMemory.Answer> before = memory.answer(c.id());
		if (before.isPresent()) {
			if (before.get().digest().equals(digest)) {
				note(SleeveLogEntry.Direction.NOTE, "command.redelivered", c.id() + " answered again");
				ack(c.id(), before.get().result(), before.get().reason());
			}
			else {
				ack(c.id(), "rejected", "command id already used");
			}
			return;
		}
		if (!id.value().equals(c.dev())) {
			answer(c.id(), digest, "rejected", "not for this device");
			return;
		}
		if (c.nbf() == null || c.exp() == null || c.type() == null) {
			answer(c.id(), digest, "rejected", "malformed command");
			return;
		}
		if (now.isBefore(c.nbf())) {
			// not remembered: the platform may deliver it again once it is valid
			ack(c.id(), "rejected", "not yet valid");
			return;
		}
		if (now.isAfter(c.exp())) {
			answer(c.id(), digest, "rejected", "expired");
			return;
		}
		switch (c.type()) {
			case EventTypes.CMD_AUTHORISE -> authorise(c, digest);
			case EventTypes.CMD_CANCEL -> cancel(c, digest);
			default -> answer(c.id(), digest, "rejected", "unknown command type");
		}
	}

	private void authorise(CommandMessage c, String digest) {
		Object authorisation = c.body().get("authorisation");
		Object impressions = c.body().get("impressions");
		if (!(authorisation instanceof String a) || a.isBlank() || !(impressions instanceof Number n)
				|| n.intValue() < 1 || n.intValue() != n.doubleValue()) {
			answer(c.id(), digest, "rejected", "malformed authorisation");
			return;
		}
		if (current != null && current.state == AuthorisationState.IN_FORCE) {
			lock(current, "cancelled");
		}
		Object seal = c.body().get("seal");
		current = new Auth(c.id(), a, seal == null ? null : seal.toString(), n.intValue(), c.nbf(), c.exp());
		answer(c.id(), digest, "accepted", null);
		emit(EventTypes.UNLOCK, map("authorisation", a));
		listener.unlocked(current.view());
	}

	private void cancel(CommandMessage c, String digest) {
		UUID target;
		try {
			target = UUID.fromString(String.valueOf(c.body().get("command")));
		}
		catch (IllegalArgumentException e) {
			answer(c.id(), digest, "rejected", "malformed cancel");
			return;
		}
		answer(c.id(), digest, "accepted", null);
		if (current != null && current.command.equals(target)) {
			if (current.state == AuthorisationState.IN_FORCE) {
				lock(current, "cancelled");
			}
		}
		else if (memory.answer(target).isEmpty()) {
			// it may still be on its way: it must not unlock the sleeve when it arrives
			memory.answered(target, new SleeveMemory.Answer("cancelled", "rejected", "cancelled"));
		}
	}

	private void answer(UUID command, String digest, String result, String reason) {
		memory.answered(command, new SleeveMemory.Answer(digest, result, reason));
		ack(command, result, reason);
	}

	private void ack(UUID command, String result, String reason) {
		Map<String, Object> body = map("command", command.toString(), "result", result);
		if (reason != null) {
			body.put("reason", reason);
		}
		emit(EventTypes.COMMAND_ACK, body);
	}

	// ---------------------------------------------------------------- the seal

	/** Pressing the seal on a page: photo, then impression; the n-th locks the sleeve. */
	public synchronized StampResult stamp() {
		tick();
		Auth a = current;
		String authorisation;
		int k;
		int n;
		boolean inForce = a != null && a.state == AuthorisationState.IN_FORCE;
		if (inForce) {
			authorisation = a.authorisation;
			k = a.used + 1;
			n = a.impressions;
		}
		else if (a != null && (a.state == AuthorisationState.DONE || a.state == AuthorisationState.CANCELLED)
				&& modes.contains(Misbehaviour.EXTRA_IMPRESSION)
				|| a != null && a.state == AuthorisationState.EXPIRED && modes.contains(Misbehaviour.STAMP_AFTER_EXPIRY)) {
			authorisation = a.authorisation;
			k = a.used + 1;
			n = a.impressions;
		}
		else if (modes.contains(Misbehaviour.STAMP_WITHOUT_AUTHORISATION)) {
			authorisation = null;
			k = ++unauthorised;
			n = 0;
		}
		else {
			String why = a == null ? "locked: no authorisation"
					: a.state == AuthorisationState.EXPIRED ? "locked: authorisation expired"
							: a.state == AuthorisationState.CANCELLED ? "locked: authorisation cancelled"
									: "locked: authorisation used up";
			note(SleeveLogEntry.Direction.NOTE, "stamp.refused", why);
			return StampResult.refused(why);
		}
		if (inForce && a.used == 0) {
			emit(EventTypes.LID_OPEN, map());
		}
		byte[] photo = PagePhoto.png(id.value(), authorisation, k, n, now());
		String sha = PagePhoto.sha256(photo);
		if (modes.contains(Misbehaviour.MISSING_PHOTO)) {
			note(SleeveLogEntry.Direction.NOTE, "photo.withheld", sha);
		}
		else {
			blob(sha, photo);
		}
		Map<String, Object> body = map("authorisation", authorisation, "k", k, "n", n, "photo", sha);
		emit(EventTypes.IMPRESSION, body);
		if (a != null && authorisation != null) {
			a.used = k;
			if (inForce && k >= n) {
				emit(EventTypes.LID_CLOSE, map());
				lock(a, "done");
			}
		}
		return new StampResult(true, null, k, sha);
	}

	/** Time passes: an authorisation past its expiry locks the sleeve. */
	public synchronized void tick() {
		if (current != null && current.state == AuthorisationState.IN_FORCE && now().isAfter(current.expiresAt)) {
			lock(current, "expired");
		}
	}

	private void lock(Auth a, String reason) {
		a.state = switch (reason) {
			case "done" -> AuthorisationState.DONE;
			case "expired" -> AuthorisationState.EXPIRED;
			default -> AuthorisationState.CANCELLED;
		};
		emit(EventTypes.LOCK, map("authorisation", a.authorisation, "reason", reason));
	}

	public synchronized void heartbeat() {
		emit(EventTypes.HEARTBEAT, map("battery", battery));
	}

	public synchronized void lidOpen() {
		emit(EventTypes.LID_OPEN, map());
	}

	public synchronized void lidClose() {
		emit(EventTypes.LID_CLOSE, map());
	}

	public synchronized void tamper(String reason) {
		emit(EventTypes.TAMPER, map("reason", reason));
	}

	public synchronized void batteryLow() {
		battery = 9;
		emit(EventTypes.BATTERY_LOW, map("battery", battery));
	}

	// ---------------------------------------------------------------- misbehaviour

	/** Turns a misbehaviour on or off ({@link Misbehaviour#TAMPER} on = one tamper event). */
	public synchronized void misbehave(Misbehaviour m, boolean on) {
		switch (m) {
			case TAMPER -> {
				if (on) {
					tamper("casing opened");
				}
			}
			case OFFLINE_BATCH -> {
				if (on) {
					goOffline();
				}
				else {
					goOnline();
				}
			}
			default -> {
				if (on) {
					modes.add(m);
				}
				else {
					modes.remove(m);
				}
				note(SleeveLogEntry.Direction.NOTE, "misbehave", m.flag() + (on ? " on" : " off"));
			}
		}
	}

	/** The uplink goes down: messages are kept, signed, in order. */
	public synchronized void goOffline() {
		modes.add(Misbehaviour.OFFLINE_BATCH);
		note(SleeveLogEntry.Direction.NOTE, "offline", "");
	}

	/** The uplink is back: what was kept goes out as one JSON array (photos first). */
	public synchronized void goOnline() {
		modes.remove(Misbehaviour.OFFLINE_BATCH);
		note(SleeveLogEntry.Direction.NOTE, "online", "");
		flush();
	}

	/** Sends the last genuine message again, byte for byte; false when nothing was sent yet. */
	public synchronized boolean replayLast() {
		String last = history.peekLast();
		if (last == null) {
			return false;
		}
		up(last, "replay", seqOf(last), "replayed verbatim");
		return true;
	}

	/** The next message is forged. */
	public synchronized void forgeNext() {
		forgeNext = true;
		note(SleeveLogEntry.Direction.NOTE, "misbehave", "next message forged");
	}

	// ---------------------------------------------------------------- the wire

	private void emit(String type, Map<String, Object> body) {
		boolean forged = forgeNext || modes.contains(Misbehaviour.FORGED_SIGNATURE);
		forgeNext = false;
		long last = memory.lastSeq();
		long seq;
		if (modes.contains(Misbehaviour.REUSED_SEQUENCE) && last > 0 && !forged) {
			seq = last;
		}
		else {
			seq = last + 1 + (modes.contains(Misbehaviour.SEQUENCE_GAP) && !forged ? 2 : 0);
		}
		DeviceMessage m = new DeviceMessage(DeviceMessage.VERSION, id.value(), seq, type, now(), body);
		String jws;
		String note = summary(body);
		if (forged) {
			// a forger has no key: its message never takes a sequence number from the real device
			jws = forge(m);
			note = note + " [forged signature]";
		}
		else {
			memory.useSeq(seq);
			jws = Jws.sign(m, keyId, key);
		}
		String previous = history.peekLast();
		up(jws, type, seq, note);
		if (!forged) {
			history.addLast(jws);
			if (history.size() > HISTORY) {
				history.removeFirst();
			}
			if (modes.contains(Misbehaviour.REPLAY) && previous != null) {
				up(previous, "replay", seqOf(previous), "replayed verbatim");
			}
		}
	}

	private String forge(DeviceMessage m) {
		if (forgeries++ % 2 == 0) {
			return Jws.sign(m, keyId, Ed25519Keys.generate().getPrivate());
		}
		String genuine = Jws.sign(m, keyId, key);
		int dot = genuine.lastIndexOf('.');
		byte[] sig = Base64.getUrlDecoder().decode(genuine.substring(dot + 1));
		sig[sig.length / 2] ^= 0x01;
		return genuine.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
	}

	private void up(String jws, String type, long seq, String text) {
		if (!buffer.isEmpty() && !offline()) {
			flush();
		}
		if (offline() || !buffer.isEmpty() || !transport.publish(Topics.up(id), jws.getBytes(StandardCharsets.US_ASCII))) {
			buffer.add(jws);
			log(SleeveLogEntry.Direction.BUFFERED, type, seq, text);
			return;
		}
		log(SleeveLogEntry.Direction.SENT, type, seq, text);
	}

	private void blob(String sha, byte[] bytes) {
		if (offline() || !buffer.isEmpty() || !bufferedBlobs.isEmpty()
				|| !transport.publish(Topics.blob(id, sha), bytes)) {
			bufferedBlobs.put(sha, bytes);
			log(SleeveLogEntry.Direction.BUFFERED, "photo", -1, sha + " (" + bytes.length + " bytes)");
			return;
		}
		log(SleeveLogEntry.Direction.SENT, "photo", -1, sha + " (" + bytes.length + " bytes)");
	}

	/** Photos first (an impression's photo should be there when it is read), then one array of messages. */
	private void flush() {
		while (!bufferedBlobs.isEmpty()) {
			Map.Entry<String, byte[]> b = bufferedBlobs.entrySet().iterator().next();
			if (!transport.publish(Topics.blob(id, b.getKey()), b.getValue())) {
				return;
			}
			bufferedBlobs.remove(b.getKey());
			log(SleeveLogEntry.Direction.SENT, "photo", -1, b.getKey() + " (" + b.getValue().length + " bytes, kept)");
		}
		if (buffer.isEmpty()) {
			return;
		}
		byte[] batch = JSON.writeValueAsBytes(buffer);
		if (transport.publish(Topics.up(id), batch)) {
			log(SleeveLogEntry.Direction.SENT, "batch", -1, buffer.size() + " messages, seq " + seqOf(buffer.get(0))
					+ "…" + seqOf(buffer.get(buffer.size() - 1)));
			buffer.clear();
		}
	}

	/** The sequence number inside a JWS this sleeve made (for the log only). */
	private static long seqOf(String jws) {
		try {
			return Jws.parse(jws).payloadAs(DeviceMessage.class).seq();
		}
		catch (MalformedMessageException e) {
			return -1;
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private void note(SleeveLogEntry.Direction d, String type, String text) {
		log(d, type, -1, text);
	}

	private void log(SleeveLogEntry.Direction d, String type, long seq, String text) {
		listener.logged(new SleeveLogEntry(now(), d, type, seq, text == null ? "" : text));
	}

	private static String summary(Map<String, Object> body) {
		return body.isEmpty() ? "" : body.toString();
	}

	/** A map that keeps order and admits null values (an impression without authorisation). */
	private static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}
}
