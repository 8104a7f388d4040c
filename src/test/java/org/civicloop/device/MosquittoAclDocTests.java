package org.civicloop.device;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The production set-up of Mosquitto that docs/device-protocol.md gives (no anonymous clients, a
 * password file, the ACL), read from the document itself and run on a Mosquitto of the test's own
 * (a free loopback port, a temporary folder): what the document promises of it holds. Run by the
 * external-broker pass of {@code ./mvnw verify} (scripts/test-prerequisites provides Mosquitto).
 * The platform checks every message's device id whatever the broker does (DeviceMosquittoTests);
 * this is the broker's own line of defence.
 */
@Tag("external-broker")
class MosquittoAclDocTests {

	static final String PLATFORM = "civicloop-platform";

	static Path dir;
	static Process broker;
	static String url;

	/** The fenced block of the document that contains {@code marker}. */
	static String block(String doc, String marker) {
		StringBuilder block = null;
		for (String line : doc.split("\n")) {
			if (line.startsWith("```")) {
				if (block != null && block.toString().contains(marker)) {
					return block.toString();
				}
				block = block == null ? new StringBuilder() : null;
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
		}
		throw new AssertionError("docs/device-protocol.md has no block with " + marker);
	}

	@BeforeAll
	static void startTheDocumentedBroker() throws Exception {
		String doc = Files.readString(Path.of("docs/device-protocol.md"));
		String conf = block(doc, "acl_file");
		String acl = block(doc, "pattern write");
		assertThat(conf).contains("allow_anonymous false", "listener 1883 0.0.0.0");

		int port;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		// readable by the user Mosquitto drops to when started as root
		dir = Files.createTempDirectory("civicloop-mosquitto-acl",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path passwd = dir.resolve("civicloop.passwd");
		Path aclFile = dir.resolve("civicloop.acl");
		Path confFile = dir.resolve("civicloop.conf");
		Files.writeString(aclFile, acl);
		Files.writeString(confFile, conf.replace("listener 1883 0.0.0.0", "listener " + port + " 127.0.0.1")
			.replace("/etc/mosquitto/civicloop.passwd", passwd.toString())
			.replace("/etc/mosquitto/civicloop.acl", aclFile.toString()));
		run("mosquitto_passwd", "-c", "-b", passwd.toString(), "SEAL-A", "password-a");
		run("mosquitto_passwd", "-b", passwd.toString(), "SEAL-B", "password-b");
		run("mosquitto_passwd", "-b", passwd.toString(), PLATFORM, "password-platform");
		for (Path p : List.of(passwd, aclFile, confFile)) {
			Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
		}
		broker = new ProcessBuilder("mosquitto", "-c", confFile.toString()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("mosquitto.log").toFile())
			.start();
		int p = port;
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			assertThat(broker.isAlive()).as("mosquitto: %s", log()).isTrue();
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress("127.0.0.1", p), 200);
				return true;
			}
			catch (IOException e) {
				return false;
			}
		});
		url = "tcp://127.0.0.1:" + port;
	}

	@AfterAll
	static void stop() throws Exception {
		if (broker != null) {
			broker.destroy();
			broker.waitFor(10, TimeUnit.SECONDS);
		}
		if (dir != null) {
			try (Stream<Path> files = Files.walk(dir)) {
				for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(f);
				}
			}
		}
	}

	static String log() {
		try {
			return Files.readString(dir.resolve("mosquitto.log"));
		}
		catch (IOException e) {
			return "(no log)";
		}
	}

	static void run(String... command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
	}

	static MqttClient connect(String user, String password) throws MqttException {
		MqttClient c = new MqttClient(url, user == null ? "anonymous-probe" : user, new MemoryPersistence());
		MqttConnectOptions o = new MqttConnectOptions();
		o.setCleanSession(true);
		o.setConnectionTimeout(5);
		if (user != null) {
			o.setUserName(user);
			o.setPassword(password.toCharArray());
		}
		c.connect(o);
		return c;
	}

	static void publish(MqttClient c, String topic, String text) throws MqttException {
		c.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, false);
	}

	/** Subscribes and collects "topic text"; a subscription the broker refuses collects nothing. */
	static List<String> subscribe(MqttClient c, String filter, boolean mayBeRefused) throws MqttException {
		List<String> got = new CopyOnWriteArrayList<>();
		try {
			c.subscribe(filter, 1, (topic, m) -> got.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
		}
		catch (MqttException e) {
			if (!mayBeRefused) {
				throw e;
			}
			// Mosquitto 2 answers a subscription outside the ACL with failure (0x80)
			assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
		}
		return got;
	}

	@Test
	void anonymousClientsAndWrongPasswordsAreRefused() {
		assertThatThrownBy(() -> connect(null, null)).isInstanceOf(MqttException.class);
		assertThatThrownBy(() -> connect("SEAL-A", "password-b")).isInstanceOf(MqttException.class);
		assertThatThrownBy(() -> connect("SEAL-C", "password-a")).as("not in the password file")
			.isInstanceOf(MqttException.class);
	}

	@Test
	void aDeviceReachesThePlatformOnItsOwnTopicsOnly() throws Exception {
		MqttClient platform = connect(PLATFORM, "password-platform");
		List<String> up = subscribe(platform, "civicloop/d/+/up", false);
		List<String> status = subscribe(platform, "civicloop/d/+/status", false);
		List<String> blobs = subscribe(platform, "civicloop/d/+/blob/+", false);
		MqttClient a = connect("SEAL-A", "password-a");
		publish(a, "civicloop/d/SEAL-B/up", "forged up");
		publish(a, "civicloop/d/SEAL-B/status", "forged status");
		publish(a, "civicloop/d/SEAL-B/blob/abc", "forged blob");
		publish(a, "civicloop/d/SEAL-A/status", "own status");
		publish(a, "civicloop/d/SEAL-A/blob/abc", "own blob");
		publish(a, "civicloop/d/SEAL-A/up", "own up");
		// one client's messages reach a subscriber in the order they were published: once the
		// last is in, the forged ones would have been too
		await().atMost(Duration.ofSeconds(10)).until(() -> !up.isEmpty() && !status.isEmpty() && !blobs.isEmpty());
		assertThat(up).containsExactly("civicloop/d/SEAL-A/up own up");
		assertThat(status).containsExactly("civicloop/d/SEAL-A/status own status");
		assertThat(blobs).containsExactly("civicloop/d/SEAL-A/blob/abc own blob");
		a.disconnect();
		platform.disconnect();
	}

	@Test
	void aDeviceReadsItsOwnCommandsOnlyAndOnlyThePlatformSendsThem() throws Exception {
		MqttClient a = connect("SEAL-A", "password-a");
		MqttClient b = connect("SEAL-B", "password-b");
		MqttClient platform = connect(PLATFORM, "password-platform");
		List<String> aReadsB = subscribe(a, "civicloop/d/SEAL-B/down", true);
		List<String> aReadsAll = subscribe(a, "civicloop/d/+/down", true);
		List<String> bOwn = subscribe(b, "civicloop/d/SEAL-B/down", false);
		publish(a, "civicloop/d/SEAL-B/down", "forged command");
		publish(b, "civicloop/d/SEAL-B/down", "a device's own down is the platform's to write");
		publish(platform, "civicloop/d/SEAL-B/down", "command");
		await().atMost(Duration.ofSeconds(10)).until(() -> !bOwn.isEmpty());
		assertThat(bOwn).containsExactly("civicloop/d/SEAL-B/down command");
		assertThat(aReadsB).isEmpty();
		assertThat(aReadsAll).isEmpty();
		a.disconnect();
		b.disconnect();
		platform.disconnect();
	}
}
