package org.civicloop.device.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.CommandId;
import org.civicloop.device.DeviceAnomalyDetected.Type;
import org.civicloop.device.DeviceCommandAcknowledged;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.MalformedMessageException;
import org.civicloop.platform.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingest pipeline: transports hand in messages ({@link #submit}), a bounded queue per worker
 * holds them (a full queue blocks the transport: back-pressure to the broker instead of unbounded
 * memory), and each worker verifies a batch (parse, Ed25519 signature, credential, sequence) and
 * writes it in one transaction: the events (one multi-row insert), the devices' last sequence, one
 * audit entry per event (a JDBC batch), the anomalies and command acknowledgements. A device always
 * goes to the same worker, so its messages keep their order. Readers of the feed are woken after
 * the commit.
 * <p>
 * Nothing a device sends may stop a worker: every message is evaluated inside its own try, and a
 * batch whose transaction fails is retried message by message.
 */
@Component
public class Ingest implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Ingest.class);

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Largest offline batch (a JSON array of JWS) in bytes. */
	public static final int MAX_BATCH_BYTES = 1024 * 1024;

	private final DeviceDirectory directory;
	private final Anomalies anomalies;
	private final AuditLog audit;
	private final JdbcClient jdbc;
	private final JdbcTemplate template;
	private final TransactionTemplate tx;
	private final ApplicationEventPublisher events;
	private final Commands commands;
	private final DeviceProperties props;
	private final Worker[] workers;
	private final Map<DeviceKind, List<Runnable>> listeners = new HashMap<>();
	private final AtomicLong accepted = new AtomicLong();
	private volatile boolean running;

	Ingest(DeviceDirectory directory, Anomalies anomalies, AuditLog audit, JdbcClient jdbc, JdbcTemplate template,
			TransactionTemplate tx, ApplicationEventPublisher events, Commands commands, DeviceProperties props) {
		this.directory = directory;
		this.anomalies = anomalies;
		this.audit = audit;
		this.jdbc = jdbc;
		this.template = template;
		this.tx = tx;
		this.events = events;
		this.commands = commands;
		this.props = props;
		for (DeviceKind k : DeviceKind.values()) {
			listeners.put(k, new CopyOnWriteArrayList<>());
		}
		this.workers = new Worker[Math.max(1, props.ingest().workers())];
		for (int i = 0; i < workers.length; i++) {
			workers[i] = new Worker(i, props.ingest().queueCapacity());
		}
	}

	void onAppended(DeviceKind kind, Runnable wakeUp) {
		listeners.get(kind).add(wakeUp);
	}

	/** Events accepted since start (for the benchmark and the pages). */
	public long acceptedCount() {
		return accepted.get();
	}

	/**
	 * Hands in what a device sent on its up channel: one JWS, or a JSON array of JWS (an offline
	 * batch). Returns one future per message (a refused payload gives one refused outcome).
	 * Blocks while the worker's queue is full.
	 */
	public List<CompletableFuture<Inbound.Outcome>> submit(String channelDevice, byte[] payload, boolean wantReplies) {
		Instant now = Instant.now();
		Worker w = workerFor(channelDevice);
		List<String> messages;
		boolean batch = false;
		try {
			if (payload.length > MAX_BATCH_BYTES) {
				throw new MalformedMessageException("payload over " + MAX_BATCH_BYTES + " bytes");
			}
			int first = 0;
			while (first < payload.length && Character.isWhitespace(payload[first])) {
				first++;
			}
			if (first < payload.length && payload[first] == '[') {
				batch = true;
				messages = parseBatch(payload);
			}
			else {
				if (payload.length > Jws.MAX_LENGTH) {
					throw new MalformedMessageException("message over " + Jws.MAX_LENGTH + " bytes");
				}
				messages = List.of(new String(payload, StandardCharsets.US_ASCII).trim());
			}
		}
		catch (MalformedMessageException e) {
			CompletableFuture<Inbound.Outcome> f = wantReplies ? new CompletableFuture<>() : null;
			w.put(new Inbound(channelDevice, null, false, now, f), e.getMessage());
			return f == null ? List.of() : List.of(f);
		}
		List<CompletableFuture<Inbound.Outcome>> replies = new ArrayList<>(messages.size());
		for (String m : messages) {
			CompletableFuture<Inbound.Outcome> f = wantReplies ? new CompletableFuture<>() : null;
			w.put(new Inbound(channelDevice, m, batch, now, f), null);
			if (f != null) {
				replies.add(f);
			}
		}
		return replies;
	}

	private static List<String> parseBatch(byte[] payload) {
		try {
			Object[] items = JSON.readValue(payload, Object[].class);
			List<String> out = new ArrayList<>(items.length);
			for (Object o : items) {
				if (!(o instanceof String s)) {
					throw new MalformedMessageException("an offline batch is a JSON array of strings (JWS)");
				}
				out.add(s);
			}
			if (out.isEmpty()) {
				throw new MalformedMessageException("empty offline batch");
			}
			return out;
		}
		catch (JacksonException e) {
			throw new MalformedMessageException("an offline batch is a JSON array of strings (JWS)");
		}
	}

	private Worker workerFor(String device) {
		int h = device == null ? 0 : device.hashCode();
		return workers[Math.floorMod(h, workers.length)];
	}

	// ── evaluation: one message against the registry and the device's sequence

	/** A message that passed every check, waiting for its batch to commit. */
	private record Accepted(Inbound in, DeviceMessage msg, DeviceDirectory.Entry device, String sha256, boolean late,
			String bodyJson) {
	}

	private record Refusal(String device, DeviceKind kind, String territory, Type type, long seq, String detail) {
	}

	/** What one batch does in its transaction, collected before it starts. */
	private final class BatchWork {

		final List<Accepted> accepted = new ArrayList<>();
		final List<Refusal> refusals = new ArrayList<>();
		final Map<Inbound, Inbound.Outcome> outcomes = new LinkedHashMap<>();
		/** Messages accepted in this batch, by "device:seq" (not in the database yet). */
		final Map<String, SequenceRules.Stored> inBatch = new HashMap<>();
		final Set<String> hellos = new LinkedHashSet<>();
	}

	private void evaluate(Worker w, Inbound in, String malformed, BatchWork work) {
		String channel = in.channelDevice();
		DeviceDirectory.Entry channelEntry = channel == null ? null : directory.get(channel);
		if (malformed != null || in.jws() == null) {
			refuse(work, in, channelEntry, channel, Type.MALFORMED, -1, malformed == null ? "empty" : malformed);
			return;
		}
		Jws.Parsed jws;
		DeviceMessage msg;
		try {
			if (in.jws().length() > Jws.MAX_LENGTH) {
				throw new MalformedMessageException("message over " + Jws.MAX_LENGTH + " characters");
			}
			jws = Jws.parse(in.jws());
			msg = jws.payloadAs(DeviceMessage.class);
			if (msg.v() != DeviceMessage.VERSION || msg.dev() == null || msg.seq() < 1 || msg.type() == null
					|| msg.type().isBlank() || msg.type().length() > 60 || msg.at() == null) {
				throw new MalformedMessageException("v, dev, seq >= 1, type and at are required");
			}
		}
		catch (MalformedMessageException e) {
			refuse(work, in, channelEntry, channel, Type.MALFORMED, -1, e.getMessage());
			return;
		}
		String dev = msg.dev();
		if (channel == null || !channel.equals(dev)) {
			refuse(work, in, channelEntry, channel, Type.UNKNOWN_DEVICE, msg.seq(),
					"message of device " + safe(dev) + " on the channel of " + (channel == null ? "no device" : channel));
			return;
		}
		DeviceDirectory.Entry device = channelEntry;
		if (device == null) {
			refuse(work, in, null, safe(dev), Type.UNKNOWN_DEVICE, msg.seq(), "device not registered");
			return;
		}
		String kid = jws.keyId();
		String prefix = dev + ":";
		DeviceDirectory.Credential cred = null;
		if (kid.startsWith(prefix)) {
			try {
				cred = device.credential(Integer.parseInt(kid.substring(prefix.length())));
			}
			catch (NumberFormatException e) {
				cred = null;
			}
		}
		if (cred == null) {
			refuse(work, in, device, dev, Type.BAD_SIGNATURE, msg.seq(), "unknown key id");
			return;
		}
		if (!cred.verifies(jws)) {
			refuse(work, in, device, dev, Type.BAD_SIGNATURE, msg.seq(), "signature does not verify (key " + cred.version() + ")");
			return;
		}
		if (cred.revokedAt() != null || device.status() == DeviceStatus.REVOKED || device.status() == DeviceStatus.RETIRED) {
			refuse(work, in, device, dev, Type.REVOKED_CREDENTIAL, msg.seq(), "credential " + cred.version() + " is revoked");
			return;
		}
		if (cred.rotatedAt() != null && !msg.at().isBefore(cred.rotatedAt())) {
			refuse(work, in, device, dev, Type.REVOKED_CREDENTIAL, msg.seq(),
					"signed with credential " + cred.version() + " after its rotation");
			return;
		}
		String sha = BlobStore.sha256(in.jws().getBytes(StandardCharsets.US_ASCII));
		long last = w.lastSeq(dev);
		SequenceRules.Stored stored = null;
		if (msg.seq() <= last) {
			stored = work.inBatch.get(dev + ":" + msg.seq());
			if (stored == null) {
				stored = jdbc.sql("SELECT jws_sha256, received_at FROM device_event WHERE device_id = ? AND seq = ?")
					.params(dev, msg.seq())
					.query((rs, n) -> new SequenceRules.Stored(rs.getString(1), rs.getTimestamp(2).toInstant()))
					.optional()
					.orElse(null);
			}
		}
		SequenceRules.Decision d = SequenceRules.decide(msg.seq(), sha, last, stored, in.receivedAt(), props.duplicateWindow());
		switch (d.verdict()) {
			case DUPLICATE -> {
				work.outcomes.put(in, new Inbound.Outcome(msg.seq(), Inbound.Outcome.DUPLICATE, null));
				return;
			}
			case REPLAY -> {
				refuse(work, in, device, dev, Type.REPLAY, msg.seq(),
						"seq " + msg.seq() + " was accepted before" + (sha.equals(stored.jwsSha256()) ? " (same message)" : " with other content"));
				return;
			}
			case ACCEPT_WITH_GAP -> work.refusals.add(new Refusal(dev, device.kind(), device.territoryCode(), Type.SEQUENCE_GAP,
					msg.seq(), "missing seq " + SequenceRules.range(d.gapFrom(), d.gapTo())));
			default -> {
			}
		}
		String bodyJson;
		try {
			bodyJson = JSON.writeValueAsString(msg.body());
		}
		catch (JacksonException e) {
			refuse(work, in, device, dev, Type.MALFORMED, msg.seq(), "body cannot be stored");
			return;
		}
		boolean late = in.late() || d.verdict() == SequenceRules.Verdict.FILL_GAP;
		work.accepted.add(new Accepted(in, msg, device, sha, late, bodyJson));
		work.inBatch.put(dev + ":" + msg.seq(), new SequenceRules.Stored(sha, in.receivedAt()));
		w.advance(dev, msg.seq());
		work.outcomes.put(in, new Inbound.Outcome(msg.seq(), Inbound.Outcome.ACCEPTED, null));
		if (EventTypes.HELLO.equals(msg.type())) {
			work.hellos.add(dev);
		}
	}

	private static String safe(String claimed) {
		return claimed != null && claimed.matches("[A-Za-z0-9._-]{1,64}") ? claimed : "(invalid id)";
	}

	private void refuse(BatchWork work, Inbound in, DeviceDirectory.Entry entry, String device, Type type, long seq, String detail) {
		work.refusals.add(new Refusal(entry != null ? entry.id() : device, entry == null ? null : entry.kind(),
				entry == null ? null : entry.territoryCode(), type, seq, detail));
		work.outcomes.put(in, new Inbound.Outcome(seq, Inbound.Outcome.REFUSED, type.name()));
	}

	// ── writing a batch

	private void write(BatchWork work) {
		Instant now = Instant.now();
		tx.executeWithoutResult(status -> {
			insertEvents(work.accepted);
			updateDevices(work.accepted);
			List<AuditRecord> records = new ArrayList<>(work.accepted.size());
			for (Accepted a : work.accepted) {
				records.add(AuditRecord.of("device:" + a.msg().dev(), "device.event", "device", a.msg().dev())
					.inTerritory(a.device().territoryCode())
					.at(a.in().receivedAt())
					.withDetails(Map.of("seq", a.msg().seq(), "type", a.msg().type(), "jwsSha256", a.sha256()))
					.withSourceKey("device.event:" + a.msg().dev() + ":" + a.msg().seq()));
				if (EventTypes.COMMAND_ACK.equals(a.msg().type())) {
					acknowledge(a);
				}
			}
			audit.recordAll(records);
			for (Refusal r : work.refusals) {
				anomalies.raise(r.device(), r.kind(), r.territory(), r.type(), r.seq(), r.detail(), now);
			}
		});
	}

	private void insertEvents(List<Accepted> list) {
		for (int from = 0; from < list.size(); from += 500) {
			List<Accepted> chunk = list.subList(from, Math.min(list.size(), from + 500));
			StringBuilder sql = new StringBuilder("""
					INSERT INTO device_event (device_id, kind, territory_code, seq, type, device_time, received_at, late, body, jws, jws_sha256)
					VALUES """);
			List<Object> args = new ArrayList<>(chunk.size() * 11);
			for (int i = 0; i < chunk.size(); i++) {
				Accepted a = chunk.get(i);
				sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?::jsonb,?,?)");
				args.add(a.msg().dev());
				args.add(a.device().kind().name());
				args.add(a.device().territoryCode());
				args.add(a.msg().seq());
				args.add(a.msg().type());
				args.add(Timestamp.from(a.msg().at()));
				args.add(Timestamp.from(a.in().receivedAt()));
				args.add(a.late());
				args.add(a.bodyJson());
				args.add(a.in().jws());
				args.add(a.sha256());
			}
			// a message processed twice (two instances on one broker, a retry) is stored once
			sql.append(" ON CONFLICT (device_id, seq) DO NOTHING");
			template.update(sql.toString(), args.toArray());
		}
	}

	private void updateDevices(List<Accepted> list) {
		Map<String, Object[]> perDevice = new LinkedHashMap<>();
		for (Accepted a : list) {
			Object battery = a.msg().body().get("battery");
			Object fw = EventTypes.HELLO.equals(a.msg().type()) ? a.msg().body().get("fw") : null;
			Object[] row = perDevice.computeIfAbsent(a.msg().dev(), d -> new Object[] { 0L, null, null, null, d });
			row[0] = Math.max((Long) row[0], a.msg().seq());
			row[1] = Timestamp.from(a.in().receivedAt());
			if (battery instanceof Number n) {
				row[2] = Math.max(0, Math.min(100, n.intValue()));
			}
			if (fw instanceof String s && s.length() <= 60) {
				row[3] = s;
			}
		}
		template.batchUpdate("""
				UPDATE device_device SET last_seq = GREATEST(last_seq, ?), last_seen_at = ?, battery = COALESCE(?, battery),
				    firmware = COALESCE(?, firmware), silent_raised_at = NULL
				WHERE id = ?""", new ArrayList<>(perDevice.values()));
	}

	private void acknowledge(Accepted a) {
		Map<String, Object> body = a.msg().body();
		UUID id;
		try {
			id = UUID.fromString(String.valueOf(body.get("command")));
		}
		catch (IllegalArgumentException e) {
			return;
		}
		String result = body.get("result") instanceof String s && s.length() <= 60 ? s : "accepted";
		String reason = body.get("reason") instanceof String s ? (s.length() > 500 ? s.substring(0, 500) : s) : null;
		List<String> types = jdbc.sql("""
				UPDATE device_command SET state = 'ACKNOWLEDGED', acknowledged_at = ?, result = ?, reason = ?
				WHERE id = ? AND device_id = ? AND state = 'PENDING' RETURNING type""")
			.params(Timestamp.from(a.in().receivedAt()), result, reason, id, a.msg().dev())
			.query(String.class)
			.list();
		if (!types.isEmpty()) {
			events.publishEvent(new DeviceCommandAcknowledged(new CommandId(id), DeviceId.of(a.msg().dev()), types.get(0),
					result, reason, a.in().receivedAt()));
			audit.record(AuditRecord.of("device:" + a.msg().dev(), "device.command.ack", "device-command", id.toString())
				.inTerritory(a.device().territoryCode())
				.detail("result", result)
				.withSourceKey("device.command.ack:" + id));
		}
	}

	private void afterCommit(BatchWork work) {
		accepted.addAndGet(work.accepted.size());
		work.outcomes.forEach((in, outcome) -> {
			if (in.reply() != null) {
				in.reply().complete(outcome);
			}
		});
		Set<DeviceKind> kinds = EnumSet.noneOf(DeviceKind.class);
		for (Accepted a : work.accepted) {
			kinds.add(a.device().kind());
		}
		for (DeviceKind k : kinds) {
			for (Runnable r : listeners.get(k)) {
				try {
					r.run();
				}
				catch (RuntimeException e) {
					log.warn("a device feed listener failed", e);
				}
			}
		}
		for (String dev : work.hellos) {
			try {
				commands.resendPending(DeviceId.of(dev));
			}
			catch (RuntimeException e) {
				log.warn("re-sending pending commands to {} failed", dev, e);
			}
		}
	}

	// ── workers

	private record Queued(Inbound in, String malformed) {
	}

	private final class Worker implements Runnable {

		private final BlockingQueue<Queued> queue;
		private final Map<String, Long> lastSeq = new HashMap<>();
		private final int index;
		private Thread thread;

		Worker(int index, int capacity) {
			this.queue = new ArrayBlockingQueue<>(capacity);
			this.index = index;
		}

		/**
		 * A fresh thread per start: a stopped context can be started again (the test framework pauses
		 * cached contexts), and a thread cannot be started twice. The sequence cache is dropped
		 * because the database may have moved on while the worker was stopped.
		 */
		void startThread() {
			lastSeq.clear();
			thread = new Thread(this, "device-ingest-" + index);
			thread.setDaemon(true);
			thread.start();
		}

		void put(Inbound in, String malformed) {
			try {
				if (!queue.offer(new Queued(in, malformed), 30, TimeUnit.SECONDS)) {
					log.warn("device ingest queue full for 30 s: a message of {} was dropped", in.channelDevice());
					if (in.reply() != null) {
						in.reply().completeExceptionally(new IllegalStateException("ingest queue full"));
					}
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}

		long lastSeq(String dev) {
			return lastSeq.computeIfAbsent(dev, d -> jdbc.sql("SELECT last_seq FROM device_device WHERE id = ?")
				.param(d)
				.query(Long.class)
				.optional()
				.orElse(0L));
		}

		void advance(String dev, long seq) {
			lastSeq.merge(dev, seq, Math::max);
		}

		@Override
		public void run() {
			List<Queued> batch = new ArrayList<>();
			while (running || !queue.isEmpty()) {
				try {
					Queued first = queue.poll(500, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.clear();
					batch.add(first);
					queue.drainTo(batch, props.ingest().batchSize() - 1);
					process(batch);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (Throwable t) {
					log.error("device ingest worker survived an error", t);
				}
			}
		}

		private void process(List<Queued> batch) {
			BatchWork work = new BatchWork();
			for (Queued q : batch) {
				try {
					evaluate(this, q.in(), q.malformed(), work);
				}
				catch (RuntimeException e) {
					log.warn("device message of {} could not be evaluated: {}", q.in().channelDevice(), e.toString());
					work.outcomes.put(q.in(), new Inbound.Outcome(-1, Inbound.Outcome.REFUSED, "ERROR"));
				}
			}
			try {
				write(work);
				afterCommit(work);
			}
			catch (RuntimeException e) {
				// the sequence state assumed this batch would commit
				lastSeq.clear();
				if (batch.size() == 1) {
					log.warn("device message of {} could not be stored: {}", batch.get(0).in().channelDevice(), e.toString());
					Inbound in = batch.get(0).in();
					if (in.reply() != null) {
						in.reply().complete(new Inbound.Outcome(-1, Inbound.Outcome.REFUSED, "ERROR"));
					}
					return;
				}
				for (Queued q : batch) {
					process(List.of(q));
				}
			}
		}
	}

	// ── lifecycle: workers run while the application does, and drain their queues on stop

	@Override
	public void start() {
		running = true;
		for (Worker w : workers) {
			w.startThread();
		}
	}

	@Override
	public void stop() {
		running = false;
		for (Worker w : workers) {
			if (w.thread == null) {
				continue;
			}
			try {
				w.thread.join(5000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Before the gateway (which starts later and stops earlier). */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public void destroy() {
		running = false;
	}
}
