package org.civicloop.simulator;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.civicloop.device.DeviceId;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.Jws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A sleeve on the HTTP uplink, against a stand-in for the platform's device endpoint. */
class SimulatedSleeveHttpTests {

	record Post(String path, String contentType, byte[] body) {
	}

	HttpServer server;
	final List<Post> posts = new CopyOnWriteArrayList<>();
	volatile int status = 202;

	@BeforeEach
	void serve() throws Exception {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", ex -> {
			posts.add(new Post(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Content-Type"),
					ex.getRequestBody().readAllBytes()));
			ex.sendResponseHeaders(status, -1);
			ex.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void messagesAndPhotosArePosted() {
		var c = SimulatorCommandLineTests.credential("SEAL-HTTP-01");
		DeviceId id = c.deviceId();
		try (SimulatedSleeve s = SimulatedSleeves.start(c, "http://127.0.0.1:" + server.getAddress().getPort(),
				SleeveOptions.defaults().withMisbehaviours(Set.of(Misbehaviour.STAMP_WITHOUT_AUTHORISATION)))) {
			assertThat(s.awaitConnected(Duration.ofSeconds(10))).isTrue();
			status = 400;
			SealSleeve.StampResult r = s.stamp();
			assertThat(r.stamped()).isTrue();
			assertThat(posts).extracting(Post::path)
				.containsExactly("/api/v1/devices/" + id + "/messages", "/api/v1/devices/" + id + "/blobs/" + r.photoSha256(),
						"/api/v1/devices/" + id + "/messages");
			assertThat(posts.get(0).contentType()).isEqualTo("application/jose");
			assertThat(posts.get(1).contentType()).isEqualTo("application/octet-stream");
			DeviceMessage impression = Jws.parse(new String(posts.get(2).body(), StandardCharsets.US_ASCII))
				.payloadAs(DeviceMessage.class);
			assertThat(impression.type()).isEqualTo("impression");
			assertThat(impression.seq()).isEqualTo(2);
			// a refusal is an answer: nothing is kept for a later batch
			s.tamper("x");
			assertThat(posts).hasSize(4);
		}
	}

	@Test
	void anUnreachablePlatformMeansABatchLater() {
		var c = SimulatorCommandLineTests.credential("SEAL-HTTP-02");
		try (SimulatedSleeve s = SimulatedSleeves.start(c, "http://127.0.0.1:" + server.getAddress().getPort(),
				SleeveOptions.defaults())) {
			assertThat(s.awaitConnected(Duration.ofSeconds(10))).isTrue();
			status = 503;
			s.tamper("a");
			s.tamper("b");
			status = 202;
			s.batteryLow();
			// the two kept messages go out as one array first, then the new one on its own
			Post batch = posts.get(posts.size() - 2);
			assertThat(batch.contentType()).isEqualTo("application/json");
			assertThat(SealSleeveTests.JSON.readValue(batch.body(), String[].class)).hasSize(2);
			assertThat(posts.get(posts.size() - 1).contentType()).isEqualTo("application/jose");
		}
	}
}
