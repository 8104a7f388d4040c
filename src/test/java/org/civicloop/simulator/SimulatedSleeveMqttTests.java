package org.civicloop.simulator;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.CommandMessage;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.Topics;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated sleeve over a real broker (the machine's Mosquitto on 127.0.0.1:1883, override with
 * {@code -Dcivicloop.test.mqtt=tcp://…}), with a test client in the platform's place: it signs an
 * authorise command, and reads what the sleeve publishes.
 */
@Tag("external-broker")
class SimulatedSleeveMqttTests {

	static final String BROKER = System.getProperty("civicloop.test.mqtt", "tcp://127.0.0.1:1883");
	static final KeyPair PLATFORM = Ed25519Keys.generate();
	static final KeyPair DEVICE = Ed25519Keys.generate();
	static final JsonMapper JSON = JsonMapper.builder().build();

	record Received(String topic, byte[] payload) {
	}

	DeviceId id;
	MqttClient platform;
	final List<Received> received = new CopyOnWriteArrayList<>();
	SimulatedSleeve sleeve;

	@BeforeEach
	void connectPlatform() throws Exception {
		// a fresh id per run: no retained message or session of an earlier run can interfere
		id = DeviceId.of("SIM-" + UUID.randomUUID().toString().substring(0, 8));
		platform = new MqttClient(BROKER, "platform-" + id, new MemoryPersistence());
		MqttConnectOptions o = new MqttConnectOptions();
		o.setCleanSession(true);
		platform.connect(o);
		platform.subscribe(Topics.ROOT + id.value() + "/#", 1,
				(topic, msg) -> received.add(new Received(topic, msg.getPayload())));
	}

	@AfterEach
	void close() throws Exception {
		if (sleeve != null) {
			sleeve.close();
		}
		// clear the retained status so the broker does not keep one per test run
		platform.publish(Topics.status(id), new byte[0], 1, true);
		platform.disconnect();
		platform.close();
	}

	IssuedCredential credential() {
		return new IssuedCredential(id, 1, Jws.deviceKeyId(id.value(), 1),
				Ed25519Keys.pem("PRIVATE KEY", DEVICE.getPrivate().getEncoded()), id.value(), "secret",
				Ed25519Keys.pem("PUBLIC KEY", PLATFORM.getPublic().getEncoded()));
	}

	void authorise(int n) throws Exception {
		Instant now = Instant.now();
		String cmd = Jws.sign(new CommandMessage(1, UUID.randomUUID(), id.value(), EventTypes.CMD_AUTHORISE, now,
				now.minusSeconds(5), now.plusSeconds(600),
				Map.of("authorisation", "AUTH-" + id, "seal", "SEAL-1", "impressions", n, "nonce", "abc")), "platform:1",
				PLATFORM.getPrivate());
		platform.publish(Topics.down(id), cmd.getBytes(StandardCharsets.US_ASCII), 1, false);
	}

	List<DeviceMessage> up() {
		return received.stream().filter(r -> r.topic().equals(Topics.up(id))).flatMap(r -> {
			String text = new String(r.payload(), StandardCharsets.US_ASCII);
			List<String> jws = text.startsWith("[") ? List.of(JSON.readValue(text, String[].class)) : List.of(text);
			return jws.stream();
		}).map(j -> {
			Jws.Parsed p = Jws.parse(j);
			assertThat(p.verifiedBy(DEVICE.getPublic())).isTrue();
			return p.payloadAs(DeviceMessage.class);
		}).toList();
	}

	boolean waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
		long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!cond.getAsBoolean()) {
			if (System.nanoTime() > until) {
				return false;
			}
			Thread.sleep(20);
		}
		return true;
	}

	@Test
	void authorisedSleeveStampsThreeOfThreeWithPhotosThenLocks() throws Exception {
		sleeve = SimulatedSleeves.start(credential(), BROKER,
				SleeveOptions.defaults().withAutoStamp(true, Duration.ofMillis(50)));
		assertThat(sleeve.awaitConnected(Duration.ofSeconds(15))).isTrue();
		assertThat(waitFor(() -> up().stream().anyMatch(m -> m.type().equals("hello")))).isTrue();
		assertThat(received).anyMatch(r -> r.topic().equals(Topics.status(id))
				&& new String(r.payload(), StandardCharsets.US_ASCII).equals("online"));

		authorise(3);
		assertThat(waitFor(() -> up().stream().anyMatch(m -> m.type().equals("lock")))).as(sleeve.events().toString())
			.isTrue();
		List<DeviceMessage> msgs = up();
		assertThat(msgs).extracting(DeviceMessage::type)
			.containsExactly("hello", "command.ack", "unlock", "lid.open", "impression", "impression", "impression",
					"lid.close", "lock");
		assertThat(msgs).extracting(DeviceMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
		List<String> photos = msgs.stream()
			.filter(m -> m.type().equals("impression"))
			.map(m -> (String) m.body().get("photo"))
			.toList();
		for (String sha : photos) {
			assertThat(received).anyMatch(r -> r.topic().equals(Topics.blob(id, sha)));
		}
		// the 4th press is refused by the sleeve itself
		assertThat(sleeve.stamp().stamped()).isFalse();
	}

	@Test
	void offlineBatchArrivesAsOneArrayAfterReconnecting() throws Exception {
		sleeve = SimulatedSleeves.start(credential(), BROKER, SleeveOptions.defaults());
		assertThat(sleeve.awaitConnected(Duration.ofSeconds(15))).isTrue();
		sleeve.goOffline();
		assertThat(waitFor(() -> received.stream().anyMatch(r -> r.topic().equals(Topics.status(id))
				&& new String(r.payload(), StandardCharsets.US_ASCII).equals("offline")))).isTrue();
		sleeve.tamper("casing opened");
		sleeve.batteryLow();
		sleeve.goOnline();
		assertThat(waitFor(() -> up().size() >= 4)).as(sleeve.events().toString()).isTrue();
		List<Received> ups = received.stream().filter(r -> r.topic().equals(Topics.up(id))).toList();
		assertThat(new String(ups.get(1).payload(), StandardCharsets.US_ASCII)).startsWith("[");
		assertThat(up()).extracting(DeviceMessage::type).containsExactly("hello", "tamper", "battery.low", "hello");
		assertThat(up()).extracting(DeviceMessage::seq).containsExactly(1L, 2L, 3L, 4L);
	}
}
