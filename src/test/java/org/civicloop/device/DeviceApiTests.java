package org.civicloop.device;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.platform.storage.BlobStore;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The device API and pages: registration and credentials by administrators, jurisdiction for
 * staff, and the HTTP path for devices without MQTT (messages, blobs, pending commands).
 */
@CivicLoopTest
class DeviceApiTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Devices devices;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	/** Registers a device in 仙岩村 (百丈镇) through the API and issues its credential. */
	IssuedCredential registered(String id) throws Exception {
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("admin"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"id\":\"" + id + "\",\"kind\":\"SEAL_SLEEVE\",\"territoryCode\":\"330110112001\",\"label\":\"仙岩村党支部章\"}"))
			.andExpect(status().isCreated());
		String body = mvc.perform(post("/api/v1/devices/" + id + "/credentials").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readValue(body, IssuedCredential.class);
	}

	static String id() {
		return "api-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static PrivateKey key(IssuedCredential c) {
		return Ed25519Keys.privateFromPkcs8(Ed25519Keys.fromPem(c.privateKeyPem(), "PRIVATE KEY"));
	}

	static String sign(IssuedCredential c, long seq, String type) {
		return Jws.sign(new DeviceMessage(1, c.deviceId().value(), seq, type, Instant.now(), Map.of("battery", 70)), c.keyId(), key(c));
	}

	JsonNode postMessages(String id, String body) throws Exception {
		return JSON.readTree(mvc.perform(post("/api/v1/devices/" + id + "/messages").contentType(MediaType.TEXT_PLAIN).content(body))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	@Test
	void jurisdiction() throws Exception {
		String id = id();
		registered(id);
		for (String user : new String[] { "xy-secretary", "xy-clerk", "bz-inspector", "admin" }) {
			mvc.perform(get("/api/v1/devices/" + id).header("Authorization", tokens.bearer(user))).andExpect(status().isOk())
				// the id is the bare serial, as devices and topics spell it
				.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.id").value(id));
		}
		mvc.perform(get("/api/v1/devices/" + id).header("Authorization", tokens.bearer("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/devices/" + id).header("Authorization", tokens.bearer("resident1"))).andExpect(status().isForbidden());
		String list = mvc.perform(get("/api/v1/devices").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(list).doesNotContain(id);
		assertThat(mvc.perform(get("/api/v1/devices?kind=SEAL_SLEEVE").header("Authorization", tokens.bearer("xy-clerk")))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains(id);
		// only administrators issue credentials or revoke
		mvc.perform(post("/api/v1/devices/" + id + "/credentials").header("Authorization", tokens.bearer("xy-secretary")))
			.andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/devices/" + id + "/revoke").header("Authorization", tokens.bearer("bz-inspector"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\":\"x\"}")).andExpect(status().isForbidden());
		// pages
		assertThat(mvc.perform(get("/devices").session(session("xy-clerk"))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString()).contains(id);
		assertThat(mvc.perform(get("/devices").session(session("sjq-staff"))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString()).doesNotContain(id);
		String detail = mvc.perform(get("/devices/" + id).session(session("xy-secretary"))).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(detail).contains("仙岩村党支部章").doesNotContain("credential-actions");
		mvc.perform(get("/devices/" + id).session(session("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/devices").session(session("resident1"))).andExpect(status().isForbidden());
		assertThat(mvc.perform(get("/devices/" + id).session(session("admin"))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString()).contains("credential-actions");
		// the credential page shows the private key once; revoke from the page
		String shown = mvc.perform(post("/devices/" + id + "/credential").session(session("admin")).with(csrf()))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(shown).contains("BEGIN PRIVATE KEY").contains(id + ":2");
		mvc.perform(post("/devices/" + id + "/revoke").session(session("admin")).with(csrf()).param("reason", "lost"))
			.andExpect(status().is3xxRedirection());
		assertThat(devices.find(DeviceId.of(id)).orElseThrow().status()).isEqualTo(DeviceStatus.REVOKED);
		mvc.perform(post("/devices/" + id + "/revoke").session(session("xy-secretary")).with(csrf()))
			.andExpect(status().isForbidden());
	}

	@Test
	void registrationRules() throws Exception {
		String id = id();
		registered(id);
		// a known id is a conflict; bad territory or id a 400; non-admins 403
		String body = "{\"id\":\"" + id + "\",\"kind\":\"SEAL_SLEEVE\",\"territoryCode\":\"330110112001\",\"label\":\"x\"}";
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("admin")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isConflict());
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("xy-secretary")).contentType(MediaType.APPLICATION_JSON)
			.content(body.replace(id, id() ))).andExpect(status().isForbidden());
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("admin")).contentType(MediaType.APPLICATION_JSON)
			.content(body.replace(id, "a/b#"))).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("admin")).contentType(MediaType.APPLICATION_JSON)
			.content(body.replace(id, id()).replace("330110112001", "nope"))).andExpect(status().isBadRequest());
		mvc.perform(post("/api/v1/devices").header("Authorization", tokens.bearer("admin")).contentType(MediaType.APPLICATION_JSON)
			.content(body.replace(id, id()).replace("SEAL_SLEEVE", "TOASTER"))).andExpect(status().isBadRequest());
	}

	@Test
	void devicesWithoutMqttUseHttp() throws Exception {
		String id = id();
		IssuedCredential c = registered(id);
		String first = sign(c, 1, EventTypes.HELLO);
		JsonNode a = postMessages(id, first);
		assertThat(a.path("accepted").asInt()).isEqualTo(1);
		// the same again: a duplicate; an offline batch: accepted in order; a forged one refused
		assertThat(postMessages(id, first).path("duplicate").asInt()).isEqualTo(1);
		JsonNode batch = postMessages(id, "[\"" + sign(c, 2, EventTypes.LID_OPEN) + "\",\"" + sign(c, 3, EventTypes.LID_CLOSE) + "\"]");
		assertThat(batch.path("accepted").asInt()).isEqualTo(2);
		String forged = Jws.sign(new DeviceMessage(1, id, 4, "unlock", Instant.now(), Map.of()), c.keyId(),
				Ed25519Keys.generate().getPrivate());
		JsonNode f = postMessages(id, forged);
		assertThat(f.path("refused").asInt()).isEqualTo(1);
		assertThat(f.path("results").get(0).path("reason").asString()).isEqualTo("BAD_SIGNATURE");
		// on another device's path
		assertThat(postMessages("api-elsewhere", sign(c, 4, EventTypes.HEARTBEAT)).path("results").get(0).path("reason").asString())
			.isEqualTo("UNKNOWN_DEVICE");
		assertThat(postMessages(id, "garbage").path("results").get(0).path("reason").asString()).isEqualTo("MALFORMED");
		assertThat(devices.find(DeviceId.of(id)).orElseThrow().lastSeq()).isEqualTo(3);
		assertThat(jdbc.sql("SELECT bool_and(late) FROM device_event WHERE device_id = ? AND seq IN (2, 3)").param(id)
			.query(Boolean.class).single()).isTrue();

		// a blob: stored under its hash; a mismatch refused and flagged
		byte[] photo = "a photo of a stamped page".getBytes(StandardCharsets.UTF_8);
		String sha = BlobStore.sha256(photo);
		mvc.perform(put("/api/v1/devices/" + id + "/blobs/" + sha).contentType(MediaType.APPLICATION_OCTET_STREAM).content(photo))
			.andExpect(status().isCreated());
		mvc.perform(put("/api/v1/devices/" + id + "/blobs/" + sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a'))
			.contentType(MediaType.APPLICATION_OCTET_STREAM).content(photo)).andExpect(status().isBadRequest());
		assertThat(jdbc.sql("SELECT count(*) FROM device_anomaly WHERE device_id = ? AND type = 'BLOB_MISMATCH'").param(id)
			.query(Long.class).single()).isEqualTo(1);

		// pending commands, with a fresh signed header only
		CommandId cmd = devices.sendCommand(DeviceId.of(id), EventTypes.CMD_AUTHORISE, Map.of("impressions", 1), null,
				Instant.now().plusSeconds(60));
		String auth = Jws.sign(Map.of("dev", id, "at", Instant.now().toString()), c.keyId(), key(c));
		String pending = mvc.perform(get("/api/v1/devices/" + id + "/commands").header("X-Device-Auth", auth))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(pending).contains(cmd.value().toString());
		String stale = Jws.sign(Map.of("dev", id, "at", Instant.now().minusSeconds(600).toString()), c.keyId(), key(c));
		mvc.perform(get("/api/v1/devices/" + id + "/commands").header("X-Device-Auth", stale)).andExpect(status().isUnauthorized());
		String foreign = Jws.sign(Map.of("dev", id, "at", Instant.now().toString()), c.keyId(), Ed25519Keys.generate().getPrivate());
		mvc.perform(get("/api/v1/devices/" + id + "/commands").header("X-Device-Auth", foreign)).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/v1/devices/" + id + "/commands")).andExpect(status().isUnauthorized());

		// redelivery: a pending command not acknowledged for the quiet time is handed out again, and
		// claimed, so the next pass (or another instance) leaves it until the quiet time has passed again
		Instant later = Instant.now().plusSeconds(30);
		assertThat(commands.redeliver(later, java.time.Duration.ofSeconds(15))).isPositive();
		assertThat(commands.redeliver(later, java.time.Duration.ofSeconds(15))).isZero();
		assertThat(commands.redeliver(later.plusSeconds(16), java.time.Duration.ofSeconds(15))).isPositive();

		// expiry: a database timer
		assertThat(((org.civicloop.device.internal.Commands) commands).expire(Instant.now().plusSeconds(120))).isPositive();
		assertThat(devices.command(cmd).orElseThrow().state()).isEqualTo(CommandStatus.State.EXPIRED);
	}

	@Autowired
	org.civicloop.device.internal.Commands commands;

	@Autowired
	org.civicloop.device.internal.DeviceService service;

	@Test
	void silence() throws Exception {
		String id = id();
		IssuedCredential c = registered(id);
		postMessages(id, sign(c, 1, EventTypes.HELLO));
		Instant seen = devices.find(DeviceId.of(id)).orElseThrow().lastSeenAt();
		java.util.function.Supplier<Long> silent = () -> jdbc
			.sql("SELECT count(*) FROM device_anomaly WHERE device_id = ? AND type = 'SILENT'").param(id).query(Long.class).single();
		service.scanSilence(seen.plus(java.time.Duration.ofMinutes(29)));
		assertThat(silent.get()).isZero();
		service.scanSilence(seen.plus(java.time.Duration.ofMinutes(31)));
		assertThat(silent.get()).isEqualTo(1);
		// once per period
		service.scanSilence(seen.plus(java.time.Duration.ofMinutes(45)));
		assertThat(silent.get()).isEqualTo(1);
		service.scanSilence(seen.plus(java.time.Duration.ofMinutes(62)));
		assertThat(silent.get()).isEqualTo(2);
	}

	@Test
	void aFloodOfGarbageIsRateLimited() throws Exception {
		String id = id();
		registered(id);
		String batch = "[" + String.join(",", java.util.Collections.nCopies(100, "\"garbage\"")) + "]";
		JsonNode answer = postMessages(id, batch);
		assertThat(answer.path("refused").asInt()).isEqualTo(100);
		long stored = jdbc.sql("SELECT count(*) FROM device_anomaly WHERE device_id = ?").param(id).query(Long.class).single();
		long suppressed = jdbc.sql("SELECT suppressed_anomalies FROM device_device WHERE id = ?").param(id).query(Long.class).single();
		// 30 a minute (twice that if the minute turned during the batch); the rest only counted
		assertThat(stored).isBetween(30L, 60L);
		assertThat(stored + suppressed).isEqualTo(100);
	}

	@Test
	void platformKeyIsPublic() throws Exception {
		assertThat(mvc.perform(get("/api/v1/devices/platform-key")).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString()).startsWith("-----BEGIN PUBLIC KEY-----");
	}
}
