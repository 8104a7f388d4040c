package org.civicloop.device.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.internal.Ingest;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.Topics;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The driver and the baseline of {@code bench/device-ingest.sh}, present only under the
 * {@code bench} profile. One call registers K devices with credentials, signs N events per device
 * beforehand (signing is the devices' work, not the platform's), then:
 * <ol>
 * <li>K MQTT clients, one per device, publish their events (QoS 1) to their {@code up} topics as
 * fast as the broker takes them; the time runs until the platform has verified and stored all of
 * them ({@code device_event}, audit entries, sequence state);</li>
 * <li>K clients publish the same payloads to {@code civicloop-bench/raw/<k>}, where a BARE
 * subscriber (a Paho client in this JVM) only queues them and inserts each raw payload into
 * {@code bench_device_raw} the same batched way (bounded queue, one multi-row insert and one
 * transaction per batch of up to 500) — no parsing, no verification, no audit.</li>
 * </ol>
 * Both runs use the same broker, the same loopback and the same publishers, so the ratio is what
 * verification, sequencing and the audit log cost.
 */
@RestController
@Profile("bench")
class BenchDeviceIngest {

	private static final String BARE_TOPIC = "civicloop-bench/raw/";

	private final Devices devices;
	private final Ingest ingest;
	private final EmbeddedBroker broker;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate tx;
	private final AtomicLong bareStored = new AtomicLong();
	private final BlockingQueue<byte[]> bareQueue = new ArrayBlockingQueue<>(10_000);

	BenchDeviceIngest(Devices devices, Ingest ingest, EmbeddedBroker broker, JdbcTemplate jdbc, TransactionTemplate tx)
			throws MqttException {
		this.devices = devices;
		this.ingest = ingest;
		this.broker = broker;
		this.jdbc = jdbc;
		this.tx = tx;
		jdbc.execute("CREATE TABLE IF NOT EXISTS bench_device_raw (id BIGSERIAL PRIMARY KEY, topic_device VARCHAR(64), "
				+ "received_at TIMESTAMPTZ NOT NULL, payload TEXT NOT NULL)");
		Thread worker = new Thread(this::bareWorker, "bench-bare-worker");
		worker.setDaemon(true);
		worker.start();
		MqttAsyncClient sub = client("bench-bare-subscriber");
		sub.subscribe(BARE_TOPIC + "+", 1, (topic, msg) -> bareQueue.put(msg.getPayload()));
	}

	private MqttAsyncClient client(String id) throws MqttException {
		MqttAsyncClient c = new MqttAsyncClient(broker.url(), id + "-" + UUID.randomUUID().toString().substring(0, 6),
				new MemoryPersistence());
		MqttConnectOptions o = new MqttConnectOptions();
		o.setUserName(EmbeddedBroker.PLATFORM_USER);
		o.setPassword(broker.platformSecret().toCharArray());
		o.setMaxInflight(100);
		o.setCleanSession(true);
		c.connect(o).waitForCompletion(10_000);
		return c;
	}

	private MqttAsyncClient deviceClient(IssuedCredential c) throws MqttException {
		MqttAsyncClient client = new MqttAsyncClient(broker.url(), c.deviceId().value(), new MemoryPersistence());
		MqttConnectOptions o = new MqttConnectOptions();
		o.setUserName(c.mqttUsername());
		o.setPassword(c.mqttPassword().toCharArray());
		o.setMaxInflight(100);
		o.setCleanSession(true);
		client.connect(o).waitForCompletion(10_000);
		return client;
	}

	private void bareWorker() {
		List<byte[]> batch = new ArrayList<>();
		while (true) {
			try {
				byte[] first = bareQueue.poll(500, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.clear();
				batch.add(first);
				bareQueue.drainTo(batch, 499);
				Timestamp now = Timestamp.from(Instant.now());
				StringBuilder sql = new StringBuilder("INSERT INTO bench_device_raw (topic_device, received_at, payload) VALUES ");
				List<Object> args = new ArrayList<>();
				for (int i = 0; i < batch.size(); i++) {
					sql.append(i == 0 ? "" : ",").append("(?,?,?)");
					args.add("bench");
					args.add(now);
					args.add(new String(batch.get(i), StandardCharsets.US_ASCII));
				}
				tx.executeWithoutResult(s -> jdbc.update(sql.toString(), args.toArray()));
				bareStored.addAndGet(batch.size());
			}
			catch (InterruptedException e) {
				return;
			}
			catch (RuntimeException e) {
				org.slf4j.LoggerFactory.getLogger(BenchDeviceIngest.class).warn("bench bare insert failed", e);
			}
		}
	}

	@PostMapping("/api/v1/bench/device-ingest")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> run(@RequestParam(defaultValue = "20") int devices, @RequestParam(defaultValue = "500") int events)
			throws Exception {
		int k = Math.max(1, Math.min(devices, 500));
		int n = Math.max(1, Math.min(events, 100_000));
		String run = UUID.randomUUID().toString().substring(0, 6);
		List<IssuedCredential> creds = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			DeviceId id = DeviceId.of("bench-" + run + "-" + i);
			creds.add(tx.execute(s -> {
				this.devices.register(id, DeviceKind.SEAL_SLEEVE, "330110112001", "bench", "bench");
				return this.devices.issueCredential(id, "bench");
			}));
		}
		List<List<byte[]>> payloads = new ArrayList<>();
		for (IssuedCredential c : creds) {
			PrivateKey key = Ed25519Keys.privateFromPkcs8(Ed25519Keys.fromPem(c.privateKeyPem(), "PRIVATE KEY"));
			List<byte[]> mine = new ArrayList<>(n);
			for (long seq = 1; seq <= n; seq++) {
				mine.add(Jws.sign(new DeviceMessage(1, c.deviceId().value(), seq, "heartbeat", Instant.now(),
						Map.of("battery", 80, "temp", 21.5)), c.keyId(), key).getBytes(StandardCharsets.US_ASCII));
			}
			payloads.add(mine);
		}
		long total = (long) k * n;

		// the platform: verified and stored
		List<MqttAsyncClient> deviceClients = new ArrayList<>();
		for (IssuedCredential c : creds) {
			deviceClients.add(deviceClient(c));
		}
		List<String> topics = creds.stream().map(c -> Topics.up(c.deviceId())).toList();
		long platformStart = ingest.acceptedCount();
		double platformSeconds = publishAndWait(deviceClients, topics, payloads, () -> ingest.acceptedCount() - platformStart, total);

		// the bare subscriber: stored raw
		List<MqttAsyncClient> bareClients = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			bareClients.add(client("bench-bare-pub-" + i));
		}
		List<String> bareTopics = new ArrayList<>();
		for (int i = 0; i < k; i++) {
			bareTopics.add(BARE_TOPIC + i);
		}
		long bareStart = bareStored.get();
		double bareSeconds = publishAndWait(bareClients, bareTopics, payloads, () -> bareStored.get() - bareStart, total);

		for (MqttAsyncClient c : deviceClients) {
			c.disconnectForcibly(1000);
			c.close(true);
		}
		for (MqttAsyncClient c : bareClients) {
			c.disconnectForcibly(1000);
			c.close(true);
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("devices", k);
		out.put("eventsPerDevice", n);
		out.put("events", total);
		out.put("platformSeconds", platformSeconds);
		out.put("platformEventsPerSecond", Math.round(total / platformSeconds));
		out.put("bareSeconds", bareSeconds);
		out.put("bareEventsPerSecond", Math.round(total / bareSeconds));
		out.put("ratio", Math.round(100.0 * bareSeconds / platformSeconds) / 100.0);
		out.put("storedEvents", jdbc.queryForObject("SELECT count(*) FROM device_event WHERE device_id LIKE ?", Long.class,
				"bench-" + run + "-%"));
		return out;
	}

	/** One thread per client publishes its list in order; returns seconds until {@code done} reaches {@code total}. */
	private static double publishAndWait(List<MqttAsyncClient> clients, List<String> topics, List<List<byte[]>> payloads,
			LongSupplier done, long total) throws InterruptedException {
		long t0 = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			MqttAsyncClient c = clients.get(i);
			String topic = topics.get(i);
			List<byte[]> mine = payloads.get(i);
			Thread t = new Thread(() -> {
				for (byte[] p : mine) {
					while (true) {
						try {
							c.publish(topic, p, 1, false);
							break;
						}
						catch (MqttException e) {
							// max in flight: wait for acknowledgements
							try {
								Thread.sleep(1);
							}
							catch (InterruptedException ie) {
								return;
							}
						}
					}
				}
			}, "bench-pub-" + i);
			t.start();
			threads.add(t);
		}
		for (Thread t : threads) {
			t.join();
		}
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (done.getAsLong() < total && System.nanoTime() < deadline) {
			Thread.sleep(2);
		}
		return (System.nanoTime() - t0) / 1e9;
	}
}
