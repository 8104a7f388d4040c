package org.civicloop.open311;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.civicloop.workorder.WorkOrderState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent Open311 client — nothing but {@link HttpClient} on a real port — discovers the
 * endpoint, files a request with the demo key and follows it through {@code requests/{id}} and
 * {@code servicerequestupdates} while staff move it on.
 */
@Open311ServerTest
class Open311ClientTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	FakeWorkOrders orders;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void fileAndFollowARequest() throws Exception {
		JsonNode discovery = getJson("http://localhost:" + port + "/open311/discovery.json");
		String base = discovery.path("endpoints").get(0).path("url").asString();
		assertThat(base).isEqualTo("http://localhost:" + port + "/open311/v2");

		JsonNode services = getJson(base + "/services.json");
		assertThat(services.valueStream().map(s -> s.path("service_code").asString())).contains("street-light");

		Map<String, String> form = new LinkedHashMap<>();
		form.put("api_key", "demo-open311-key");
		form.put("service_code", "street-light");
		form.put("lat", "30.2741");
		form.put("long", "120.1551");
		form.put("attribute[pole_type]", "single");
		form.put("description", "文三路口路灯不亮");
		HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/requests.json"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.entrySet()
				.stream()
				.map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
				.collect(Collectors.joining("&"))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(created.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		String id = JSON.readTree(created.body()).get(0).path("service_request_id").asString();

		JsonNode request = getJson(base + "/requests/" + id + ".json").get(0);
		assertThat(request.path("status").asString()).isEqualTo("open");
		assertThat(request.path("description").asString()).isEqualTo("文三路口路灯不亮");

		orders.advance(id, WorkOrderState.ACCEPTED, "已签收", Instant.now());
		orders.advance(id, WorkOrderState.REPLIED, "已更换灯泡", Instant.now());

		HttpResponse<byte[]> xml = http.send(HttpRequest.newBuilder(URI.create(base + "/requests/" + id + ".xml")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(xml.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
		Element r = Xml.child(Xml.parse(xml.body()), "request");
		assertThat(Xml.text(r, "status")).isEqualTo("closed");
		assertThat(Xml.text(r, "status_notes")).isEqualTo("已更换灯泡");

		JsonNode updates = getJson(base + "/servicerequestupdates.json");
		assertThat(updates.valueStream()
			.filter(u -> u.path("service_request_id").asString().equals(id))
			.map(u -> u.path("status").asString() + ":" + u.path("description").asString()))
			.containsExactly("OPEN:已登记", "ACTION_SCHEDULED:已签收", "FIXED:已更换灯泡");

		HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/requests/nope.json")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(missing.body()).get(0).path("code").asInt()).isEqualTo(404);
	}

	@Test
	void anOversizedChunkedBodyIsRefusedWithoutA5xx() throws Exception {
		byte[] big = ("api_key=demo-open311-key&service_code=pothole&lat=30&long=120&description=" + "x".repeat(3 * 1024 * 1024))
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/open311/v2/requests.json"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			// an InputStream publisher has no length: the body goes chunked
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
		assertThat(JSON.readTree(r.body()).get(0).path("code").asInt()).isEqualTo(413);
	}

	JsonNode getJson(String url) throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		return JSON.readTree(r.body());
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
