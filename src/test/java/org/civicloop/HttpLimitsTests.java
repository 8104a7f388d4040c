package org.civicloop;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.civicloop.support.CivicLoopServerTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Body limits over a real connection, where chunked transfer and early answers really happen. */
@CivicLoopServerTest
class HttpLimitsTests {

	static final int OVER_LIMIT = 1024 * 1024 + 512 * 1024;

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	static byte[] jsonOf(int size) {
		String head = "{\"username\":\"";
		String tail = "\",\"password\":\"x\"}";
		return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void announcedOversizedJsonIs413() throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(jsonOf(OVER_LIMIT)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(413);
		assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
		assertThat(r.body()).contains("\"status\":413");
	}

	@Test
	void chunkedOversizedJsonIs413() throws Exception {
		byte[] body = jsonOf(OVER_LIMIT);
		// an InputStream publisher has no known length, so the client sends Transfer-Encoding: chunked
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(413);
		assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
	}

	@Test
	void chunkedSmallJsonIsParsedNormally() throws Exception {
		byte[] body = ("{\"username\":\"admin\",\"password\":\"" + TestTokens.PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(r.body()).contains("access_token");
	}

	@Test
	void multipartUploadsFollowTheMultipartLimitNotTheJsonOne() throws Exception {
		String token = token("admin");
		String boundary = "b" + UUID.randomUUID();
		// larger than the JSON limit, far below the upload limit; the bad code makes the importer
		// reject it (400), which proves it got past the size guard
		String csv = "code,name,level,parent_code,lat,lng,demo\nNOT-A-CODE," + "名".repeat(OVER_LIMIT / 3)
				+ ",COMPOUND,330105012001,30.3,120.1,true\n";
		byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		assertThat(body.length).isGreaterThan(1024 * 1024);
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/territory/imports"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(400);
		assertThat(r.body()).contains("import-rejected");
	}

	String token(String user) throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + TestTokens.PASSWORD + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(200);
		return r.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}
}
