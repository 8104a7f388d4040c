package org.civicloop.seal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicloop.device.CommandId;
import org.civicloop.device.DeviceAnomalyDetected;
import org.civicloop.device.DeviceCommandAcknowledged;
import org.civicloop.device.DeviceCommandExpired;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.seal.internal.Authorisations;
import org.civicloop.seal.internal.SealFeedReader;
import org.civicloop.seal.web.AnomalyStream;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The seal loop with the device and notification modules replaced by in-memory stand-ins: who may
 * file, see and decide; the authorisation command; the feed reader's effects from crafted events;
 * anomalies, idempotency, the live page and the supervision work order.
 */
@CivicLoopTest
@Import(SealTestDevices.class)
class SealFlowTests {

	static final JsonMapper JSON = JsonMapper.builder().build();
	static final String XIANYAN = "330110112001";
	static final String DEVICE = "XY-SEAL-01";
	static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SealTestDevices.FakeDevices devices;

	@Autowired
	SealTestDevices.FakeFeed feed;

	@Autowired
	SealTestDevices.Inbox inbox;

	@Autowired
	SealFeedReader reader;

	@Autowired
	Authorisations authorisations;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	AnomalyStream stream;

	private final LoginSessions sessions = new LoginSessions();

	JsonNode call(String method, String user, String path, String json, int expected) throws Exception {
		var builder = switch (method) {
			case "GET" -> get(path);
			default -> post(path).contentType(MediaType.APPLICATION_JSON).content(json == null ? "{}" : json);
		};
		MvcResult r = mvc.perform(builder.header("Authorization", tokens.bearer(user))).andReturn();
		assertThat(r.getResponse().getStatus()).as(method + " " + path + " as " + user + ": "
				+ r.getResponse().getContentAsString()).isEqualTo(expected);
		String s = r.getResponse().getContentAsString();
		return s.isEmpty() ? null : JSON.readTree(s);
	}

	UUID seal(String village, String type) {
		return jdbc.sql("SELECT id FROM seal_seal WHERE village_code = :v AND seal_type = :t").param("v", village)
			.param("t", type).query(UUID.class).single();
	}

	String apply(String user, String item, int impressions, String applicantName) throws Exception {
		String body = """
				{"itemCode":"%s","sealId":"%s","purpose":"测试用途 test purpose","impressions":%d%s}"""
			.formatted(item, seal(XIANYAN, "VILLAGE_COMMITTEE"), impressions,
					applicantName == null ? "" : ",\"applicantName\":\"" + applicantName + "\"");
		return call("POST", user, "/api/v1/seal/applications", body, 201).path("id").asString();
	}

	/** Applies as the villager with a document, approves as the secretary: an authorisation of {@code n}. */
	UUID authorised(int n) throws Exception {
		String id = apply("xy-villager", "certificate", n, null);
		mvc.perform(multipart("/api/v1/seal/applications/" + id + "/document")
			.file(new MockMultipartFile("file", "证明.pdf", "application/pdf", "%PDF-1.4 <</Type /Page>>".getBytes()))
			.header("Authorization", tokens.bearer("xy-villager"))).andExpect(status().isOk());
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/approve", "{\"comment\":\"同意\"}", 200);
		return UUID.fromString(id);
	}

	UUID authorisationOf(UUID application) {
		return jdbc.sql("SELECT id FROM seal_authorisation WHERE application_id = :a").param("a", application)
			.query(UUID.class).single();
	}

	/** Moves an authorisation's window around {@code at} so device times can be chosen freely. */
	void window(UUID auth, Instant from, Instant to) {
		jdbc.sql("UPDATE seal_authorisation SET not_before = :f, expires_at = :t WHERE id = :id")
			.param("f", Timestamp.from(from)).param("t", Timestamp.from(to)).param("id", auth).update();
	}

	static Instant monday(int hour, int minute) {
		return LocalDateTime.of(2026, 11, 23, hour, minute).atZone(BEIJING).toInstant();
	}

	Map<String, Object> impression(UUID auth, int k, int n, String photo) {
		Map<String, Object> b = new HashMap<>();
		b.put("authorisation", auth == null ? null : auth.toString());
		b.put("k", k);
		b.put("n", n);
		b.put("photo", photo);
		return b;
	}

	String photo(int i) {
		String sha = String.format("%064x", System.nanoTime() * 31 + i);
		feed.blobs.add(sha);
		return sha;
	}

	List<String> anomalies(UUID application) {
		return jdbc.sql("SELECT type FROM seal_anomaly WHERE application_id = :a ORDER BY at, type").param("a", application)
			.query(String.class).list();
	}

	String appStatus(UUID application) {
		return jdbc.sql("SELECT status FROM seal_application WHERE id = :a").param("a", application).query(String.class).single();
	}

	String authState(UUID auth) {
		return jdbc.sql("SELECT state FROM seal_authorisation WHERE id = :a").param("a", auth).query(String.class).single();
	}

	// ── who may do what ──────────────────────────────────────────────────────────────────

	@Test
	void onlyTheSecretaryOfThatVillageApproves() throws Exception {
		String id = apply("xy-villager", "certificate", 1, null);
		call("POST", "bzc-secretary", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		call("POST", "xy-clerk", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		call("POST", "admin", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		call("POST", "bz-inspector", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		call("POST", "xy-villager", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + UUID.randomUUID() + "/approve", "{}", 404);
		JsonNode done = call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/approve", "{}", 200);
		assertThat(done.path("status").asString()).isEqualTo("AUTHORISED");
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/approve", "{}", 409);

		SealTestDevices.SentCommand cmd = devices.lastTo(DEVICE);
		assertThat(cmd.type()).isEqualTo(EventTypes.CMD_AUTHORISE);
		assertThat(cmd.body()).containsEntry("impressions", 1).containsKeys("authorisation", "seal", "nonce");
		assertThat(cmd.body().get("authorisation")).isEqualTo(done.path("authorisationId").asString());
		assertThat(Duration.between(cmd.nbf(), cmd.exp())).isEqualTo(Duration.ofHours(24));
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE record_id = :id AND action IN ('seal.application.submitted','seal.application.approved','seal.authorised')")
			.param("id", id).query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void aLeaseGoesOnToTheTownshipOfficeAfterTheSecretary() throws Exception {
		String body = """
				{"itemCode":"asset-lease","sealId":"%s","purpose":"出租厂房","impressions":2,"applicantName":"朱大伯"}"""
			.formatted(seal(XIANYAN, "ECONOMIC_COOP"));
		String id = call("POST", "xy-clerk", "/api/v1/seal/applications", body, 201).path("id").asString();
		call("POST", "bz-office", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		JsonNode first = call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/approve", "{}", 200);
		assertThat(first.path("status").asString()).isEqualTo("PENDING");
		assertThat(first.path("nextRole").asString()).isEqualTo("STREET_STAFF");
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/approve", "{}", 403);
		assertThat(call("POST", "bz-office", "/api/v1/seal/applications/" + id + "/approve", "{}", 200)
			.path("status").asString()).isEqualTo("AUTHORISED");
		UUID office = jdbc.sql("SELECT id FROM identity_user WHERE username = 'bz-office'").query(UUID.class).single();
		assertThat(inbox.notices).anyMatch(n -> office.equals(n.recipientUser()) && n.link().endsWith(id)
				&& n.messageKey().equals("seal.notice.awaiting"));
	}

	@Test
	void aRejectionNeedsAReasonAndTellsTheApplicant() throws Exception {
		String id = apply("xy-villager", "certificate", 1, null);
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/reject", "{}", 400);
		assertThat(call("POST", "xy-secretary", "/api/v1/seal/applications/" + id + "/reject",
				"{\"comment\":\"材料不全\"}", 200).path("status").asString()).isEqualTo("REJECTED");
		UUID villager = jdbc.sql("SELECT id FROM identity_user WHERE username = 'xy-villager'").query(UUID.class).single();
		assertThat(inbox.notices).anyMatch(n -> villager.equals(n.recipientUser())
				&& n.messageKey().equals("seal.notice.rejected") && n.args().contains("材料不全"));
	}

	@Test
	void aClerkOfAnotherVillageSeesNothingOfThisOne() throws Exception {
		String id = apply("xy-clerk", "certificate", 1, "李四");
		call("GET", "bzc-clerk", "/api/v1/seal/applications/" + id, null, 403);
		call("GET", "bzc-clerk", "/api/v1/seal/applications/" + id + "/trace", null, 403);
		JsonNode list = call("GET", "bzc-clerk", "/api/v1/seal/applications?size=100", null, 200);
		list.path("items").forEach(a -> assertThat(a.path("villageCode").asString()).isNotEqualTo(XIANYAN));
		call("GET", "bzc-clerk", "/api/v1/seal/seals", null, 200)
			.forEach(s -> assertThat(s.path("villageCode").asString()).isNotEqualTo(XIANYAN));
		call("GET", "bzc-clerk", "/api/v1/seal/anomalies", null, 200)
			.forEach(s -> assertThat(s.path("villageCode").asString()).isNotEqualTo(XIANYAN));
		assertThat(mvc.perform(get("/seal").session(session("bzc-clerk"))).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString()).doesNotContain(call("GET", "xy-clerk", "/api/v1/seal/applications/" + id, null, 200).path("number").asString());
		mvc.perform(get("/seal/applications/" + id).session(session("bzc-clerk"))).andExpect(status().isForbidden());
		// a villager sees their own applications only, not the clerk's filings for others
		call("GET", "xy-villager", "/api/v1/seal/applications/" + id, null, 403);
		JsonNode mine = call("GET", "xy-villager", "/api/v1/seal/applications?size=100", null, 200);
		mine.path("items").forEach(a -> assertThat(a.path("submittedBy").asString()).isEqualTo("xy-villager"));
		// and cannot file in another village
		String foreign = """
				{"itemCode":"certificate","sealId":"%s","purpose":"x","impressions":1}""".formatted(seal("330110112002", "VILLAGE_COMMITTEE"));
		call("POST", "xy-villager", "/api/v1/seal/applications", foreign, 403);
	}

	@Test
	void filingChecksTheItem() throws Exception {
		String committee = seal(XIANYAN, "VILLAGE_COMMITTEE").toString();
		call("POST", "xy-villager", "/api/v1/seal/applications", """
				{"itemCode":"certificate","sealId":"%s","purpose":"x","impressions":4}""".formatted(committee), 400);
		call("POST", "xy-villager", "/api/v1/seal/applications", """
				{"itemCode":"asset-lease","sealId":"%s","purpose":"x","impressions":1}""".formatted(committee), 400);
		call("POST", "xy-villager", "/api/v1/seal/applications", """
				{"itemCode":"nope","sealId":"%s","purpose":"x","impressions":1}""".formatted(committee), 400);
		call("POST", "xy-villager", "/api/v1/seal/applications", """
				{"itemCode":"certificate","sealId":"%s","purpose":"","impressions":1}""".formatted(committee), 400);
		call("POST", "xy-clerk", "/api/v1/seal/applications", """
				{"itemCode":"certificate","sealId":"%s","purpose":"x","impressions":1}""".formatted(committee), 400);
		call("POST", "resident1", "/api/v1/seal/applications", """
				{"itemCode":"certificate","sealId":"%s","purpose":"x","impressions":1}""".formatted(committee), 403);
		String id = apply("xy-villager", "certificate", 1, null);
		mvc.perform(multipart("/api/v1/seal/applications/" + id + "/document")
			.file(new MockMultipartFile("file", "x.exe", "application/pdf", "MZ not a pdf".getBytes()))
			.header("Authorization", tokens.bearer("xy-villager"))).andExpect(status().isBadRequest());
		mvc.perform(multipart("/api/v1/seal/applications/" + id + "/document")
			.file(new MockMultipartFile("file", "a.pdf", "application/pdf", "%PDF-1.4".getBytes()))
			.header("Authorization", tokens.bearer("bzc-clerk"))).andExpect(status().isForbidden());
	}

	// ── the feed reader ──────────────────────────────────────────────────────────────────

	@Test
	void threeOfThreeCompletesAndAFourthIsBeyondTheAuthorisation() throws Exception {
		UUID app = authorised(3);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(12, 0));
		CommandId command = new CommandId(jdbc.sql("SELECT command_id FROM seal_authorisation WHERE id = :id")
			.param("id", auth).query(UUID.class).single());
		tx.executeWithoutResult(s -> events.publishEvent(new DeviceCommandAcknowledged(command, DeviceId.of(DEVICE),
				EventTypes.CMD_AUTHORISE, "accepted", null, monday(9, 59))));
		await().atMost(Duration.ofSeconds(15)).until(() -> authState(auth).equals("ACKNOWLEDGED"));

		feed.append(DEVICE, EventTypes.UNLOCK, monday(10, 0), Map.of("authorisation", auth.toString()));
		feed.append(DEVICE, EventTypes.LID_OPEN, monday(10, 0), Map.of("authorisation", auth.toString()));
		for (int k = 1; k <= 3; k++) {
			feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, k), impression(auth, k, 3, photo(k)));
		}
		reader.poll();
		assertThat(appStatus(app)).isEqualTo("COMPLETED");
		assertThat(authState(auth)).isEqualTo("COMPLETED");
		assertThat(anomalies(app)).isEmpty();

		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 5), impression(auth, 4, 3, photo(4)));
		feed.append(DEVICE, EventTypes.LOCK, monday(10, 6), Map.of("authorisation", auth.toString(), "reason", "done"));
		reader.poll();
		assertThat(anomalies(app)).containsExactly("BEYOND_AUTHORISATION");
		assertThat(jdbc.sql("SELECT used FROM seal_application WHERE id = :a").param("a", app).query(Integer.class).single())
			.isEqualTo(3);

		// the custodian and the township inspector are told at once
		UUID inspector = jdbc.sql("SELECT id FROM identity_user WHERE username = 'bz-inspector'").query(UUID.class).single();
		UUID clerk = jdbc.sql("SELECT id FROM identity_user WHERE username = 'xy-clerk'").query(UUID.class).single();
		assertThat(inbox.notices).anyMatch(n -> inspector.equals(n.recipientUser()) && n.args().contains("BEYOND_AUTHORISATION"));
		assertThat(inbox.notices).anyMatch(n -> clerk.equals(n.recipientUser()) && n.args().contains("BEYOND_AUTHORISATION"));

		// the trace shows every step with the way to its audit entries
		JsonNode trace = call("GET", "bz-inspector", "/api/v1/seal/applications/" + app + "/trace", null, 200);
		List<String> kinds = new java.util.ArrayList<>();
		trace.path("steps").forEach(s -> kinds.add(s.path("kind").asString()));
		assertThat(kinds).contains("submitted", "document", "approved", "authorised", "unlock", "lid.open", "impression",
				"lock");
		assertThat(kinds.stream().filter("impression"::equals).count()).isEqualTo(4);
		assertThat(trace.path("steps").get(0).path("auditQuery").asString()).contains("recordId=" + app);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE record_id = :id AND action = 'seal.use.impression'")
			.param("id", app.toString()).query(Long.class).single()).isEqualTo(3);
		call("GET", "xy-villager", "/api/v1/seal/applications/" + app + "/trace", null, 403);

		// a second read of the same feed changes nothing (cursor), nor does re-applying a batch
		int before = anomalies(app).size();
		jdbc.sql("UPDATE seal_feed_cursor SET position = 0").update();
		reader.poll();
		assertThat(anomalies(app)).hasSize(before);
		assertThat(jdbc.sql("SELECT used FROM seal_authorisation WHERE id = :a").param("a", auth).query(Integer.class).single())
			.isEqualTo(3);
		tx.executeWithoutResult(s -> events.publishEvent(new DeviceCommandAcknowledged(command, DeviceId.of(DEVICE),
				EventTypes.CMD_AUTHORISE, "accepted", null, monday(9, 59))));
		Thread.sleep(300);
		assertThat(authState(auth)).isEqualTo("COMPLETED");
	}

	@Test
	void impressionsAfterExpiryWithoutAuthorisationAndOutOfHoursAreFlagged() throws Exception {
		UUID app = authorised(2);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(11, 0));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 0), impression(auth, 1, 2, photo(1)));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(11, 0), impression(auth, 2, 2, photo(2)));
		reader.poll();
		assertThat(anomalies(app)).containsExactly("AFTER_EXPIRY");

		assertThat(authorisations.expireDue(monday(11, 0).plusSeconds(1))).isGreaterThanOrEqualTo(1);
		assertThat(appStatus(app)).isEqualTo("EXPIRED");
		assertThat(authState(auth)).isEqualTo("EXPIRED");
		assertThat(jdbc.sql("SELECT used FROM seal_application WHERE id = :a").param("a", app).query(Integer.class).single())
			.isEqualTo(1);

		UUID sealId = seal(XIANYAN, "VILLAGE_COMMITTEE");
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(14, 0), impression(null, 1, 1, photo(3)));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(14, 1), impression(UUID.randomUUID(), 1, 1, photo(4)));
		feed.append(DEVICE, EventTypes.UNLOCK, monday(14, 2), Map.of());
		reader.poll();
		assertThat(jdbc.sql("SELECT count(*) FROM seal_anomaly WHERE seal_id = :s AND type = 'WITHOUT_AUTHORISATION' AND at >= :t")
			.param("s", sealId).param("t", Timestamp.from(monday(14, 0))).query(Long.class).single()).isEqualTo(3);

		// Sunday, and 18:00 on a working day
		UUID app2 = authorised(2);
		UUID auth2 = authorisationOf(app2);
		window(auth2, monday(17, 0), monday(17, 0).plus(Duration.ofDays(7)));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(17, 59), impression(auth2, 1, 2, photo(5)));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(18, 0), impression(auth2, 2, 2, photo(6)));
		reader.poll();
		assertThat(anomalies(app2)).containsExactly("OUT_OF_HOURS");
		assertThat(appStatus(app2)).isEqualTo("COMPLETED");
	}

	@Test
	void tamperMissingPhotosAndBlankContractsAreFlagged() throws Exception {
		UUID app = authorised(3);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(12, 0));
		String late = String.format("%064x", 77L);
		String never = String.format("%064x", System.nanoTime());
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 0), impression(auth, 1, 3, null));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 1), impression(auth, 2, 3, late));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 2), impression(auth, 3, 3, never));
		feed.append(DEVICE, EventTypes.TAMPER, monday(10, 3), Map.of("reason", "sleeve forced"));
		reader.poll();
		assertThat(anomalies(app)).containsExactly("MISSING_PHOTO");
		assertThat(jdbc.sql("SELECT count(*) FROM seal_anomaly WHERE type = 'TAMPER' AND detail LIKE '%sleeve forced%'")
			.query(Long.class).single()).isEqualTo(1);

		// within the grace period nothing more; the late photo arrives; the other never does
		assertThat(reader.checkPhotos(Instant.now())).isZero();
		feed.blobs.add(late);
		assertThat(reader.checkPhotos(Instant.now().plus(Duration.ofMinutes(6)))).isEqualTo(1);
		assertThat(anomalies(app)).containsExactly("MISSING_PHOTO", "MISSING_PHOTO");
		assertThat(reader.checkPhotos(Instant.now().plus(Duration.ofMinutes(7)))).isZero();

		// an item that needs a document, stamped with none on record
		String blank = call("POST", "xy-villager", "/api/v1/seal/applications", """
				{"itemCode":"certificate","sealId":"%s","purpose":"空白合同","impressions":1}"""
			.formatted(seal(XIANYAN, "VILLAGE_COMMITTEE")), 201).path("id").asString();
		call("POST", "xy-secretary", "/api/v1/seal/applications/" + blank + "/approve", "{}", 200);
		UUID blankAuth = authorisationOf(UUID.fromString(blank));
		window(blankAuth, monday(9, 0), monday(12, 0));
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(11, 0), impression(blankAuth, 1, 1, photo(9)));
		reader.poll();
		assertThat(anomalies(UUID.fromString(blank))).containsExactly("NO_DOCUMENT");
	}

	@Test
	void aSleeveSilentForLongerThanAllowedIsFlaggedOnce() {
		UUID sealId = seal(XIANYAN, "VILLAGE_COMMITTEE");
		Instant heard = Instant.parse("2020-01-01T00:00:00Z");
		jdbc.sql("UPDATE seal_seal SET last_heard_at = :t, silent_flagged = FALSE WHERE id = :id")
			.param("t", Timestamp.from(heard)).param("id", sealId).update();
		java.util.function.Supplier<Long> flagged = () -> jdbc.sql(
				"SELECT count(*) FROM seal_anomaly WHERE seal_id = :s AND type = 'DEVICE_SILENT'")
			.param("s", sealId).query(Long.class).single();
		long before = flagged.get();
		// silent-after is 26 hours: exactly 26 hours is not yet too long, a second more is
		reader.checkSilence(heard.plus(Duration.ofHours(26)));
		assertThat(flagged.get()).isEqualTo(before);
		reader.checkSilence(heard.plus(Duration.ofHours(26)).plusSeconds(1));
		assertThat(flagged.get()).isEqualTo(before + 1);
		reader.checkSilence(heard.plus(Duration.ofHours(50)));
		assertThat(flagged.get()).as("once per silence").isEqualTo(before + 1);
	}

	@Test
	void protocolAnomaliesOfASleeveLandOnItsSealAndAnUnackedCommandExpires() throws Exception {
		tx.executeWithoutResult(s -> events.publishEvent(new DeviceAnomalyDetected(DeviceId.of(DEVICE),
				DeviceKind.SEAL_SLEEVE, XIANYAN, DeviceAnomalyDetected.Type.REPLAY, 42, "seq 42 replayed", Instant.now())));
		tx.executeWithoutResult(s -> events.publishEvent(new DeviceAnomalyDetected(DeviceId.of(DEVICE),
				DeviceKind.SEAL_SLEEVE, XIANYAN, DeviceAnomalyDetected.Type.BAD_SIGNATURE, 43, "forged", Instant.now())));
		UUID sealId = seal(XIANYAN, "VILLAGE_COMMITTEE");
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
				"SELECT count(*) FROM seal_anomaly WHERE seal_id = :s AND type IN ('REPLAY','BAD_SIGNATURE')")
			.param("s", sealId).query(Long.class).single() == 2);

		UUID app = authorised(1);
		UUID auth = authorisationOf(app);
		CommandId command = new CommandId(jdbc.sql("SELECT command_id FROM seal_authorisation WHERE id = :id")
			.param("id", auth).query(UUID.class).single());
		tx.executeWithoutResult(s -> events.publishEvent(new DeviceCommandExpired(command, DeviceId.of(DEVICE),
				EventTypes.CMD_AUTHORISE, Instant.now())));
		await().atMost(Duration.ofSeconds(15)).until(() -> appStatus(app).equals("EXPIRED"));
		assertThat(authState(auth)).isEqualTo("EXPIRED");
	}

	@Test
	void theInspectorOpensOneSupervisionOrderFromAnAnomaly() throws Exception {
		UUID app = authorised(1);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(12, 0));
		feed.append(DEVICE, EventTypes.TAMPER, monday(10, 0), Map.of("authorisation", auth.toString(), "reason", "wo-test"));
		reader.poll();
		String anomaly = jdbc.sql("SELECT id FROM seal_anomaly WHERE detail LIKE '%wo-test%'").query(String.class).single();
		call("POST", "xy-clerk", "/api/v1/seal/anomalies/" + anomaly + "/work-order", null, 403);
		call("POST", "xy-secretary", "/api/v1/seal/anomalies/" + anomaly + "/work-order", null, 403);
		String number = call("POST", "bz-inspector", "/api/v1/seal/anomalies/" + anomaly + "/work-order", null, 200)
			.path("workOrderNumber").asString();
		assertThat(number).isNotBlank();
		assertThat(call("POST", "bz-inspector", "/api/v1/seal/anomalies/" + anomaly + "/work-order", null, 200)
			.path("workOrderNumber").asString()).isEqualTo(number);
		assertThat(jdbc.sql("SELECT channel FROM workorder_order WHERE number = :n").param("n", number).query(String.class)
			.single()).isEqualTo("SUPERVISION");
	}

	@Test
	void aWithdrawnAuthorisationIsCancelledOnTheSleeveAndAnyLaterImpressionFlagged() throws Exception {
		UUID app = authorised(2);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(12, 0));
		call("POST", "bzc-clerk", "/api/v1/seal/applications/" + app + "/cancel", "{\"comment\":\"x\"}", 403);
		call("POST", "xy-villager", "/api/v1/seal/applications/" + app + "/cancel", "{}", 400);
		assertThat(call("POST", "xy-villager", "/api/v1/seal/applications/" + app + "/cancel",
				"{\"comment\":\"不需要了\"}", 200).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(authState(auth)).isEqualTo("CANCELLED");
		call("POST", "xy-villager", "/api/v1/seal/applications/" + app + "/cancel", "{\"comment\":\"again\"}", 409);
		feed.append(DEVICE, EventTypes.IMPRESSION, monday(10, 0), impression(auth, 1, 2, photo(1)));
		reader.poll();
		assertThat(anomalies(app)).containsExactly("WITHOUT_AUTHORISATION");
	}

	@Test
	void theDashboardCountsUsesAndTimesApprovalToStamp() throws Exception {
		UUID app = authorised(1);
		UUID auth = authorisationOf(app);
		Instant approved = jdbc.sql("SELECT approved_at FROM seal_application WHERE id = :a").param("a", app)
			.query(Timestamp.class).single().toInstant();
		window(auth, approved.minusSeconds(60), approved.plus(Duration.ofHours(1)));
		feed.append(DEVICE, EventTypes.IMPRESSION, approved.plus(Duration.ofMinutes(7)), impression(auth, 1, 1, photo(1)));
		reader.poll();
		assertThat(appStatus(app)).isEqualTo("COMPLETED");
		JsonNode stats = call("GET", "bz-inspector", "/api/v1/seal/stats?days=30", null, 200);
		assertThat(stats.path("medianMinutes").isNumber()).isTrue();
		assertThat(stats.path("p90Minutes").asDouble()).isGreaterThanOrEqualTo(stats.path("medianMinutes").asDouble());
		JsonNode xianyan = null;
		for (JsonNode v : stats.path("villages")) {
			if (v.path("villageCode").asString().equals(XIANYAN)) {
				xianyan = v;
			}
		}
		assertThat(xianyan).isNotNull();
		assertThat(xianyan.path("uses").asLong()).isGreaterThanOrEqualTo(1);
		// a township elsewhere sees nothing of 百丈镇
		assertThat(call("GET", "gl-supervisor", "/api/v1/seal/stats?days=30", null, 200).path("villages")).isEmpty();
	}

	// ── pages ────────────────────────────────────────────────────────────────────────────

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	String page(String user, String path) throws Exception {
		return mvc.perform(get(path).session(session(user))).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();
	}

	@Test
	void theVillagerAppliesOnThePageAndTheSecretaryApprovesThere() throws Exception {
		assertThat(page("xy-villager", "/seal/apply")).contains("开具证明").contains("仙岩村村民委员会");
		MvcResult r = mvc.perform(multipart("/seal/apply")
			.file(new MockMultipartFile("file", "证明.pdf", "application/pdf", "%PDF-1.4 <</Type /Page>>".getBytes()))
			.param("itemCode", "certificate").param("sealId", seal(XIANYAN, "VILLAGE_COMMITTEE").toString())
			.param("purpose", "页面申请 page flow").param("impressions", "1")
			.session(session("xy-villager")).with(csrf())).andExpect(status().is3xxRedirection()).andReturn();
		String location = r.getResponse().getRedirectedUrl();
		assertThat(page("xy-villager", location)).contains("页面申请 page flow").contains("证明.pdf").doesNotContain("seal-approve");
		assertThat(page("xy-secretary", location)).contains("seal-approve");
		assertThat(page("xy-secretary", "/seal?mine=true")).contains("页面申请 page flow".substring(0, 0));
		mvc.perform(post(location + "/approve").param("comment", "同意").session(session("xy-secretary")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(page("xy-villager", location)).contains("已授权待盖章");
		assertThat(page("xy-villager", location + "?lang=en")).contains("Authorised, ready to stamp");
		mvc.perform(post(location + "/approve").session(session("xy-secretary")).with(csrf())).andExpect(status().isConflict());
	}

	@Test
	void thePagesRenderForTheirPeople() throws Exception {
		assertThat(page("xy-villager", "/seal")).contains("用章申请");
		assertThat(page("bz-inspector", "/seal/oversight")).contains("用章监督").contains("330110112001");
		assertThat(page("bz-inspector", "/seal/anomalies")).contains("seal-live");
		assertThat(page("xy-secretary", "/seal/seals")).contains("仙岩村股份经济合作社").doesNotContain("百丈村村民委员会");
		assertThat(page("admin", "/admin/seal/items")).contains("工程项目招投标").contains("DISCIPLINE_INSPECTOR");
		mvc.perform(get("/admin/seal/items").session(session("xy-secretary"))).andExpect(status().isForbidden());
	}

	@Test
	void theLivePageStreamsAnomaliesToThoseTheyConcern() throws Exception {
		MvcResult r = mvc.perform(get("/seal/anomalies/stream").session(session("bz-inspector")))
			.andExpect(request().asyncStarted()).andReturn();
		assertThat(stream.viewers()).isGreaterThanOrEqualTo(1);
		UUID app = authorised(1);
		UUID auth = authorisationOf(app);
		window(auth, monday(9, 0), monday(12, 0));
		feed.append(DEVICE, EventTypes.TAMPER, monday(10, 0), Map.of("reason", "sse-test"));
		reader.poll();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> r.getResponse().getContentAsString().contains("event:anomaly") && r.getResponse().getContentAsString().contains("TAMPER"));
		// an inspector of another township hears nothing of it
		MvcResult other = mvc.perform(get("/seal/anomalies/stream").session(session("gl-supervisor")))
			.andExpect(request().asyncStarted()).andReturn();
		feed.append(DEVICE, EventTypes.TAMPER, monday(10, 1), Map.of("reason", "sse-test-2"));
		reader.poll();
		await().atMost(Duration.ofSeconds(10)).until(() -> r.getResponse().getContentAsString().split("event:anomaly").length > 2);
		assertThat(other.getResponse().getContentAsString()).doesNotContain("anomaly");
	}
}
