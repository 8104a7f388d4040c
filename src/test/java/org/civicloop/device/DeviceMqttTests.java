package org.civicloop.device;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.civicloop.device.mqtt.EmbeddedBroker;
import org.civicloop.device.protocol.CommandMessage;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.Topics;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.support.CivicLoopTest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole device path over real MQTT on the embedded broker: a device (a Paho client here,
 * signing with a credential the platform issued) sends events, an offline batch, a replay, a
 * forged message, garbage, a message of another device, an oversized payload; the feed gets the
 * good ones in order, the anomalies are raised, and broker and platform keep running; a command
 * reaches the device and its acknowledgement marks it acknowledged.
 */
@CivicLoopTest
class DeviceMqttTests {

	@Autowired
	Devices devices;

	@Autowired
	DeviceEventFeed feed;

	@Autowired(required = false)
	EmbeddedBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	/** Where the device connects; the Mosquitto variant overrides it. */
	protected String brokerUrl() {
		return broker.url();
	}

	@Autowired
	DeviceBroker deviceBroker;

	/**
	 * What the simulator and the benchmarks are given is the broker the platform itself uses, at
	 * the port it listens on (the tests' embedded broker takes a free one: embedded-port 0).
	 */
	@Test
	void devicesAreToldTheBrokerThePlatformUses() {
		assertThat(deviceBroker.url()).isEqualTo(brokerUrl()).doesNotEndWith(":0");
	}

	/** A device as the test plays it: its credential, its own sequence counter, its MQTT client. */
	static final class FakeDevice {

		final DeviceId id;
		final IssuedCredential credential;
		final PrivateKey key;
		final MqttClient client;
		final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

		FakeDevice(DeviceId id, IssuedCredential c, String url) throws Exception {
			this.id = id;
			this.credential = c;
			this.key = Ed25519Keys.privateFromPkcs8(Ed25519Keys.fromPem(c.privateKeyPem(), "PRIVATE KEY"));
			this.client = new MqttClient(url, id.value(), new MemoryPersistence());
			// a publish the broker refuses (ACL) is never acknowledged: do not wait for ever
			client.setTimeToWait(5000);
			MqttConnectOptions o = new MqttConnectOptions();
			o.setUserName(c.mqttUsername());
			o.setPassword(c.mqttPassword().toCharArray());
			o.setCleanSession(true);
			client.connect(o);
			client.subscribe(Topics.down(id), 1, (topic, msg) -> commands.add(new String(msg.getPayload(), StandardCharsets.US_ASCII)));
		}

		String sign(long seq, String type, Map<String, Object> body) {
			return Jws.sign(new DeviceMessage(1, id.value(), seq, type, Instant.now(), body), credential.keyId(), key);
		}

		void publish(String topic, byte[] payload) throws Exception {
			client.publish(topic, payload, 1, false);
		}

		void send(String jws) throws Exception {
			publish(Topics.up(id), jws.getBytes(StandardCharsets.US_ASCII));
		}
	}

	FakeDevice device(String name) throws Exception {
		DeviceId id = DeviceId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
		IssuedCredential c = tx.execute(s -> {
			devices.register(id, DeviceKind.SEAL_SLEEVE, "330110112001", "test sleeve", "test");
			return devices.issueCredential(id, "test");
		});
		return new FakeDevice(id, c, brokerUrl());
	}

	List<String> anomalies(DeviceId id) {
		return jdbc.sql("SELECT type || ':' || seq FROM device_anomaly WHERE device_id = ? ORDER BY id").param(id.value()).query(String.class).list();
	}

	List<Long> feedSeqs(DeviceId id) {
		return feed.ofDevice(id, 1, 1000).stream().map(DeviceEvent::seq).toList();
	}

	@Test
	void theWholePathOverMqtt() throws Exception {
		FakeDevice d = device("mq");
		FakeDevice other = device("mq-other");
		java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();
		feed.onAppended(DeviceKind.SEAL_SLEEVE, wakeUps::incrementAndGet);

		d.send(d.sign(1, EventTypes.HELLO, Map.of("fw", "1.0", "battery", 87)));
		String second = d.sign(2, EventTypes.HEARTBEAT, Map.of("battery", 86));
		d.send(second);
		// an offline batch, in order, all late
		String batch = "[\"" + d.sign(3, EventTypes.LID_OPEN, Map.of()) + "\",\"" + d.sign(4, EventTypes.LID_CLOSE, Map.of())
				+ "\",\"" + d.sign(5, EventTypes.HEARTBEAT, Map.of("battery", 80)) + "\"]";
		d.publish(Topics.up(d.id), batch.getBytes(StandardCharsets.US_ASCII));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).size() == 5);

		// the same message again: a redelivery, ignored; other content under seq 2: a replay
		d.send(second);
		d.send(d.sign(2, EventTypes.TAMPER, Map.of("reason", "replayed")));
		// forged: signed with a key that is not the device's
		KeyPair forger = Ed25519Keys.generate();
		d.send(Jws.sign(new DeviceMessage(1, d.id.value(), 6, EventTypes.UNLOCK, Instant.now(), Map.of()), d.credential.keyId(),
				forger.getPrivate()));
		// alg none
		d.send(Jws.sign(new DeviceMessage(1, d.id.value(), 6, EventTypes.UNLOCK, Instant.now(), Map.of()), d.credential.keyId(), d.key)
			.replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"x\"}".getBytes())));
		// garbage
		d.publish(Topics.up(d.id), new byte[] { 0, 1, 2, (byte) 0xff, '[', '{' });
		// another device's message on this device's topic
		d.send(other.sign(1, EventTypes.HELLO, Map.of()));
		// oversized
		d.publish(Topics.up(d.id), ("x".repeat(Jws.MAX_LENGTH + 10)).getBytes(StandardCharsets.US_ASCII));
		// a gap: 6 and 7 are missing, 8 arrives; then 6 fills the gap, late
		d.send(d.sign(8, EventTypes.HEARTBEAT, Map.of("battery", 79)));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).contains(8L));
		d.send(d.sign(6, EventTypes.LID_OPEN, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).contains(6L));

		List<DeviceEvent> events = feed.ofDevice(d.id, 1, 100);
		assertThat(events).extracting(DeviceEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 8L);
		assertThat(events).extracting(DeviceEvent::late).containsExactly(false, false, true, true, true, true, false);
		assertThat(events.get(0).body()).containsEntry("fw", "1.0");
		// feed order: the late seq 6 comes after 8 in positions
		assertThat(events.get(5).position()).isGreaterThan(events.get(6).position());
		assertThat(anomalies(d.id)).containsExactly("REPLAY:2", "BAD_SIGNATURE:6", "MALFORMED:-1", "MALFORMED:-1",
				"UNKNOWN_DEVICE:1", "MALFORMED:-1", "SEQUENCE_GAP:8");
		assertThat(jdbc.sql("SELECT detail FROM device_anomaly WHERE device_id = ? AND type = 'SEQUENCE_GAP'").param(d.id.value())
			.query(String.class).single()).contains("6-7");
		assertThat(feedSeqs(other.id)).isEmpty();
		assertThat(wakeUps.get()).isPositive();
		// every accepted event is in the audit log with its JWS hash
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE source_key LIKE ?").param("device.event:" + d.id.value() + ":%")
			.query(Long.class).single()).isEqualTo(7);
		DeviceView view = devices.find(d.id).orElseThrow();
		assertThat(view.lastSeq()).isEqualTo(8);
		if (broker != null) {
			// the embedded broker reports connections
			await().atMost(Duration.ofSeconds(10)).until(() -> devices.find(d.id).orElseThrow().online());
		}
		assertThat(view.lastSeenAt()).isNotNull();

		// a command reaches the device, signed by the platform; the ack marks it acknowledged
		CommandId cmd = tx.execute(s -> devices.sendCommand(d.id, EventTypes.CMD_AUTHORISE,
				Map.of("authorisation", "A-1", "impressions", 3), Instant.now(), Instant.now().plusSeconds(120)));
		String jws = d.commands.poll(10, TimeUnit.SECONDS);
		assertThat(jws).isNotNull();
		Jws.Parsed parsed = Jws.parse(jws);
		assertThat(parsed.verifiedBy(Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(d.credential.platformPublicKeyPem(), "PUBLIC KEY"))))
			.isTrue();
		CommandMessage m = parsed.payloadAs(CommandMessage.class);
		assertThat(m.id()).isEqualTo(cmd.value());
		assertThat(m.dev()).isEqualTo(d.id.value());
		d.send(d.sign(9, EventTypes.COMMAND_ACK, Map.of("command", cmd.value().toString(), "result", "accepted")));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> devices.command(cmd).orElseThrow().state() == CommandStatus.State.ACKNOWLEDGED);
		assertThat(devices.command(cmd).orElseThrow().result()).isEqualTo("accepted");

		// a hello re-sends what is still pending
		CommandId second2 = tx.execute(s -> devices.sendCommand(d.id, EventTypes.CMD_AUTHORISE, Map.of(), Instant.now(),
				Instant.now().plusSeconds(120)));
		assertThat(d.commands.poll(10, TimeUnit.SECONDS)).isNotNull();
		d.send(d.sign(10, EventTypes.HELLO, Map.of()));
		String again = d.commands.poll(10, TimeUnit.SECONDS);
		assertThat(again).isNotNull();
		assertThat(Jws.parse(again).payloadAs(CommandMessage.class).id()).isEqualTo(second2.value());

		// broker and platform still work
		d.send(d.sign(11, EventTypes.HEARTBEAT, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).contains(11L));
		d.client.disconnect();
		other.client.disconnect();
	}

	@Test
	void aDeviceCannotPublishOnAnotherDevicesTopicNorConnectWithAWrongPassword() throws Exception {
		// the embedded broker enforces the ACL itself (DeviceMosquittoTests overrides this for an open broker)
		FakeDevice d = device("acl");
		FakeDevice other = device("acl-other");
		try {
			d.publish(Topics.up(other.id), other.sign(1, EventTypes.HELLO, Map.of()).getBytes(StandardCharsets.US_ASCII));
		}
		catch (Exception refusedOrDisconnected) {
			// either is fine: the message must not arrive
		}
		MqttClient intruder = new MqttClient(brokerUrl(), other.id.value(), new MemoryPersistence());
		MqttConnectOptions o = new MqttConnectOptions();
		o.setUserName(other.id.value());
		o.setPassword("wrong".toCharArray());
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> intruder.connect(o)).isInstanceOf(Exception.class);
		// the broker keeps serving the honest device
		FakeDevice again = new FakeDevice(other.id, other.credential, brokerUrl());
		again.send(other.sign(1, EventTypes.HELLO, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(other.id).size() == 1);
		assertThat(feed.ofDevice(other.id, 1, 10)).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("hello"));
		Thread.sleep(300);
		assertThat(feedSeqs(other.id)).containsExactly(1L);
	}

	@Test
	void revokedAndRotatedCredentials() throws Exception {
		FakeDevice d = device("rot");
		d.send(d.sign(1, EventTypes.HELLO, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).size() == 1);
		// signed before the rotation: still accepted (an offline backlog)
		String before = d.sign(2, EventTypes.HEARTBEAT, Map.of());
		Thread.sleep(5);
		IssuedCredential next = tx.execute(s -> devices.issueCredential(d.id, "test"));
		assertThat(next.version()).isEqualTo(2);
		FakeDevice rotated = new FakeDevice(d.id, next, brokerUrl());
		rotated.send(before);
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).size() == 2);
		// the old key after the rotation: refused
		rotated.send(d.sign(3, EventTypes.HEARTBEAT, Map.of()));
		rotated.send(rotated.sign(3, EventTypes.HEARTBEAT, Map.of()));
		await().atMost(Duration.ofSeconds(20)).until(() -> feedSeqs(d.id).size() == 3);
		assertThat(anomalies(d.id)).containsExactly("REVOKED_CREDENTIAL:3");
		tx.executeWithoutResult(s -> devices.revoke(d.id, "lost", "test"));
		assertThat(devices.find(d.id).orElseThrow().status()).isEqualTo(DeviceStatus.REVOKED);
		assertThat(devices.issueCredential(d.id, "test")).isNotNull();
		rotated.client.disconnectForcibly(1000);
	}
}
