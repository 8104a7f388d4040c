package org.civicloop.workorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.civicloop.workorder.internal.SlaScanner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The closed loop through the REST API, with its audit entries, concurrency, idempotency and scoping. */
@CivicLoopTest
@Tag("external-db")
class WorkOrderApiTests {

	static final JsonMapper JSON = JsonMapper.builder().build();
	static final String SJQ_COMPOUND = "330102014001R001";
	static final String SQ_COMMUNITY = "330105012001";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SlaScanner scanner;

	JsonNode submit(String user, String json) throws Exception {
		MvcResult r = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer(user))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)).andExpect(status().isCreated()).andExpect(header().exists("Location")).andReturn();
		return JSON.readTree(r.getResponse().getContentAsString());
	}

	String residentOrder(String description) throws Exception {
		return submit("resident1", """
				{"categoryCode":"street-light","description":"%s","territoryCode":"%s","lat":30.2460,"lng":120.1990}"""
			.formatted(description, SJQ_COMPOUND)).path("order").path("id").asString();
	}

	JsonNode act(String user, String id, String action, String body, int expected) throws Exception {
		var req = post("/api/v1/workorders/" + id + "/" + action).header("Authorization", tokens.bearer(user))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body == null ? "{}" : body);
		MvcResult r = mvc.perform(req).andReturn();
		assertThat(r.getResponse().getStatus()).as("%s %s as %s: %s", action, id, user, r.getResponse().getContentAsString())
			.isEqualTo(expected);
		String s = r.getResponse().getContentAsString();
		return s.isEmpty() ? null : JSON.readTree(s);
	}

	long audits(String number, String action) {
		return jdbc.sql("SELECT count(*) FROM audit_entry WHERE record_id = :n AND action = :a")
			.param("n", number)
			.param("a", action)
			.query(Long.class)
			.single();
	}

	@Test
	void theWholeLoop() throws Exception {
		JsonNode created = submit("resident1", """
				{"categoryCode":"street-light","description":"路灯不亮 <script>alert(1)</script>","territoryCode":"%s","lat":30.2461,"lng":120.1991}"""
			.formatted(SJQ_COMPOUND));
		String id = created.path("order").path("id").asString();
		String number = created.path("order").path("number").asString();
		assertThat(number).matches("HZ\\d{8}-\\d{6}");
		assertThat(created.path("order").path("state").asString()).isEqualTo("SUBMITTED");
		assertThat(created.path("order").path("responsibleUnit").asString()).contains("城管局");
		assertThat(created.path("order").path("description").asString()).contains("<script>");

		act("sjq-staff", id, "rate", "{\"rating\":5}", 403);
		act("sjq-staff", id, "reply", "{\"text\":\"too early\"}", 409);
		act("sjq-staff", id, "accept", null, 200);
		act("sjq-staff", id, "accept", null, 409);
		act("sjq-staff", id, "start", null, 200);
		act("sjq-staff", id, "notes", "{\"text\":\"internal: call the contractor\"}", 201);
		act("sjq-staff", id, "reply", "{\"text\":\"已更换灯泡 bulb replaced\"}", 200);
		act("resident1", id, "rate", "{\"rating\":0}", 400);
		JsonNode rated = act("resident1", id, "rate", "{\"rating\":5,\"solved\":true,\"comment\":\"谢谢\"}", 200);
		assertThat(rated.path("state").asString()).isEqualTo("CLOSED");

		String timeline = mvc.perform(get("/api/v1/workorders/" + id + "/timeline").header("Authorization", tokens.bearer("resident1")))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(timeline).contains("submit", "accept", "start", "reply", "rate", "close").doesNotContain("contractor");
		mvc.perform(get("/api/v1/workorders/" + id + "/notes").header("Authorization", tokens.bearer("resident1")))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/workorders/" + id + "/notes").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].text").value("internal: call the contractor"));

		String rates = mvc.perform(get("/api/v1/workorders/indicators?by=total").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(JSON.readTree(rates).get(0).path("satisfied").asLong()).isGreaterThanOrEqualTo(1);
		mvc.perform(get("/api/v1/workorders/indicators").header("Authorization", tokens.bearer("resident1")))
			.andExpect(status().isForbidden());
		for (String a : List.of("workorder.submit", "workorder.accept", "workorder.start", "workorder.reply",
				"workorder.rate", "workorder.close", "workorder.note")) {
			assertThat(audits(number, a)).as(a).isEqualTo(1);
		}
		assertThat(jdbc.sql("SELECT DISTINCT territory_code FROM audit_entry WHERE record_id = :n").param("n", number)
			.query(String.class).list()).containsExactly(SJQ_COMPOUND);
	}

	@Test
	void poorRatingReopens() throws Exception {
		String id = residentOrder("flickering");
		act("sjq-staff", id, "accept", null, 200);
		act("sjq-staff", id, "reply", "{\"text\":\"done\"}", 200);
		act("resident1", id, "reopen", "{\"reason\":\"no\"}", 409);
		assertThat(act("resident1", id, "rate", "{\"rating\":1,\"comment\":\"still dark\"}", 200).path("reopenable").asBoolean()).isTrue();
		assertThat(act("resident1", id, "reopen", "{\"reason\":\"still dark\"}", 200).path("state").asString())
			.isEqualTo("IN_PROGRESS");
	}

	@Test
	void returnRejectTransferEscalateMerge() throws Exception {
		String a = residentOrder("light A");
		String b = residentOrder("light B");
		act("sjq-staff", a, "return", "{}", 400);
		act("sjq-staff", a, "return", "{\"reason\":\"not ours\"}", 200);
		act("sjq-staff", a, "transfer", "{\"unit\":\"四季青街道城管中队\",\"reason\":\"street team handles it\"}", 200);
		act("sjq-staff", a, "joint", "{\"lead\":\"四季青街道城管中队\",\"coUnits\":[\"国网杭州供电\"]}", 200);
		act("resident1", a, "escalate", "{\"reason\":\"x\"}", 403);
		assertThat(act("sjq-staff", a, "escalate", "{\"reason\":\"slow\"}", 200).path("escalationLevel").asInt()).isEqualTo(1);
		act("sjq-staff", b, "merge", "{\"into\":\"" + a + "\"}", 200);
		act("sjq-staff", b, "accept", null, 409);
		String c = residentOrder("light C");
		JsonNode rejected = act("sjq-staff", c, "reject", "{\"reason\":\"属于电力公司产权 owned by the grid company\"}", 200);
		assertThat(rejected.path("publicReason").asString()).contains("grid company");
	}

	@Test
	void twoStaffAcceptingAtOnceOneWins() throws Exception {
		String id = residentOrder("concurrent");
		String sjq = tokens.bearer("sjq-staff");
		String admin = tokens.bearer("admin");
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<Integer>> results = new ArrayList<>();
		for (String auth : List.of(sjq, admin)) {
			Callable<Integer> call = () -> {
				go.await();
				return mvc.perform(post("/api/v1/workorders/" + id + "/accept").header("Authorization", auth))
					.andReturn().getResponse().getStatus();
			};
			results.add(pool.submit(call));
		}
		go.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> f : results) {
			statuses.add(f.get());
		}
		pool.shutdown();
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		String number = jdbc.sql("SELECT number FROM workorder_order WHERE id = :id::uuid").param("id", id).query(String.class).single();
		assertThat(audits(number, "workorder.accept")).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_update WHERE work_order_id = :id::uuid AND action = 'accept'")
			.param("id", id).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyCreatesOneOrder() throws Exception {
		String body = """
				{"categoryCode":"garbage","description":"bins full","territoryCode":"%s"}""".formatted(SJQ_COMPOUND);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			MvcResult r = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
				.header("Idempotency-Key", "retry-123")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body)).andExpect(status().isCreated()).andReturn();
			ids.add(JSON.readTree(r.getResponse().getContentAsString()).path("order").path("id").asString());
		}
		assertThat(ids).containsOnly(ids.get(0));
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order WHERE idempotency_key = 'api:resident1:retry-123'")
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void jurisdiction() throws Exception {
		String mine = residentOrder("mine");
		JsonNode sq = submit("sq-staff", """
				{"categoryCode":"river-pollution","description":"河面漂浮物","territoryCode":"%s","channel":"HOTLINE","requesterName":"王先生","requesterContact":"138","anonymous":true}"""
			.formatted(SQ_COMMUNITY));
		String sqId = sq.path("order").path("id").asString();
		assertThat(sq.path("order").path("responsibleUnit").asString()).contains("石桥街道河长办");
		assertThat(sq.path("order").path("channel").asString()).isEqualTo("HOTLINE");

		mvc.perform(get("/api/v1/workorders/" + sqId).header("Authorization", tokens.bearer("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/workorders/" + sqId).header("Authorization", tokens.bearer("resident1"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/workorders/" + sqId).header("Authorization", tokens.bearer("sq-staff")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.requesterName").doesNotExist());
		act("sjq-staff", sqId, "accept", null, 403);
		mvc.perform(get("/api/v1/workorders/" + mine).header("Authorization", tokens.bearer("sq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/workorders/" + mine).header("Authorization", tokens.bearer("sjq-staff"))).andExpect(status().isOk());

		String sjqList = mvc.perform(get("/api/v1/workorders?size=200").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(sjqList).contains(mine).doesNotContain(sqId);
		String residentList = mvc.perform(get("/api/v1/workorders?size=200").header("Authorization", tokens.bearer("resident1")))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(residentList).contains(mine).doesNotContain(sqId);
		// keyset paging: after=<next> gives the same rows as page=, one by one
		JsonNode all = JSON.readTree(sjqList);
		assertThat(all.path("totalCapped").asBoolean()).isFalse();
		String after = null;
		for (int i = 0; i < Math.min(3, all.path("items").size()); i++) {
			JsonNode p = JSON.readTree(mvc.perform(get("/api/v1/workorders?size=1" + (after == null ? "" : "&after=" + after))
				.header("Authorization", tokens.bearer("sjq-staff"))).andExpect(status().isOk()).andReturn().getResponse()
				.getContentAsString());
			assertThat(p.path("items").get(0).path("id").asString()).isEqualTo(all.path("items").get(i).path("id").asString());
			assertThat(p.path("total").asLong()).isEqualTo(all.path("total").asLong());
			after = p.path("next").asString();
		}
		mvc.perform(get("/api/v1/workorders?after=nonsense").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isBadRequest());
		// a resident may not pretend to be the hotline
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"categoryCode\":\"noise\",\"description\":\"x\",\"territoryCode\":\"" + SJQ_COMPOUND + "\",\"channel\":\"HOTLINE\"}"))
			.andExpect(status().isForbidden());
	}

	@Test
	void staffEntryByCoordinatesAloneMustBePlacedInTheCallersJurisdiction() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
		// 石桥社区's centre: placed in 拱墅 (sq-staff's), outside 四季青 (sjq-staff's)
		String atShiqiao = """
				{"categoryCode":"noise","description":"coordinates only","lat":30.31868,"lng":120.17578,"channel":"HOTLINE"}""";
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("sjq-staff"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(atShiqiao)).andExpect(status().isForbidden());
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single()).isEqualTo(before);
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order WHERE description = 'coordinates only'").query(Long.class).single()).isZero();

		JsonNode sq = submit("sq-staff", atShiqiao);
		assertThat(sq.path("order").path("territoryCode").asString()).startsWith("330105012");
		// 钱运社区's centre, in 四季青: the same call from sjq-staff is filed
		JsonNode sjq = submit("sjq-staff", """
				{"categoryCode":"noise","description":"coordinates only, mine","lat":30.25654,"lng":120.20291,"channel":"VISIT"}""");
		assertThat(sjq.path("order").path("territoryCode").asString()).startsWith("330102014");
		// a resident's own order is not staff entry: placed wherever the coordinates fall
		JsonNode resident = submit("resident1", """
				{"categoryCode":"noise","description":"coordinates only, resident","lat":30.31868,"lng":120.17578}""");
		assertThat(resident.path("order").path("territoryCode").asString()).startsWith("330105012");
	}

	@Test
	void nearbyOpenOrdersOfTheSameCategoryAreSuggested() throws Exception {
		submit("resident1", """
				{"categoryCode":"road-damage","description":"pothole","territoryCode":"%s","lat":30.2500,"lng":120.2000}""".formatted(SJQ_COMPOUND));
		JsonNode second = submit("sjq-staff", """
				{"categoryCode":"road-damage","description":"pothole again","territoryCode":"%s","lat":30.2505,"lng":120.2002,"channel":"VISIT"}""".formatted(SJQ_COMPOUND));
		assertThat(second.path("possibleDuplicates").size()).isGreaterThanOrEqualTo(1);
		assertThat(second.path("possibleDuplicates").get(0).path("meters").asInt()).isLessThan(200);
		JsonNode far = submit("sjq-staff", """
				{"categoryCode":"road-damage","description":"far","territoryCode":"%s","lat":30.30,"lng":120.30,"channel":"VISIT"}""".formatted(SJQ_COMPOUND));
		assertThat(far.path("possibleDuplicates").size()).isZero();
	}

	@Test
	void overdueOrdersAreFlaggedAndEscalatedOnce() throws Exception {
		String id = residentOrder("overdue one");
		String number = jdbc.sql("SELECT number FROM workorder_order WHERE id = :id::uuid").param("id", id).query(String.class).single();
		Instant later = Instant.now().plusSeconds(60L * 86400);
		scanner.scan(later);
		scanner.scan(later);
		mvc.perform(get("/api/v1/workorders/" + id).header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(jsonPath("$.overdue").value(true))
			.andExpect(jsonPath("$.supervised").value(true))
			.andExpect(jsonPath("$.escalationLevel").value(1));
		assertThat(audits(number, "workorder.overdue")).isEqualTo(1);
		assertThat(audits(number, "workorder.escalate")).isEqualTo(1);
		mvc.perform(get("/api/v1/workorders?queue=overdue&size=200").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(id)));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			missing category     | {"description":"x","territoryCode":"330102014001R001"}
			unknown category     | {"categoryCode":"nope","description":"x","territoryCode":"330102014001R001"}
			missing description  | {"categoryCode":"noise","territoryCode":"330102014001R001"}
			blank description    | {"categoryCode":"noise","description":"   ","territoryCode":"330102014001R001"}
			no place             | {"categoryCode":"noise","description":"x"}
			bad territory        | {"categoryCode":"noise","description":"x","territoryCode":"33010"}
			unknown territory    | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R999"}
			lat out of range     | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":91,"lng":120}
			lng out of range     | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":30,"lng":-181}
			lat without lng      | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":30}
			bad attribute value  | {"categoryCode":"gas-leak","description":"x","territoryCode":"330102014001R001","attributes":{"smell":"purple"}}
			wrong type           | {"categoryCode":"noise","description":["x"],"territoryCode":"330102014001R001"}
			not json             | {"categoryCode":
			""")
	void badInputIsA400AndStoresNothing(String name, String body) throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void tooLongDescriptionsAreRefused() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"categoryCode\":\"noise\",\"territoryCode\":\"" + SJQ_COMPOUND + "\",\"description\":\"" + "噪".repeat(2001) + "\"}"))
			.andExpect(status().isBadRequest());
		String huge = "x".repeat(10 * 1024 * 1024);
		int st = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"categoryCode\":\"noise\",\"territoryCode\":\"" + SJQ_COMPOUND + "\",\"description\":\"" + huge + "\"}"))
			.andReturn().getResponse().getStatus();
		assertThat(st).isIn(400, 413);
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void photosMustBeImagesAndAreServedToThoseWhoMaySeeTheOrder() throws Exception {
		String id = residentOrder("with photo");
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };
		MvcResult r = mvc.perform(multipart("/api/v1/workorders/" + id + "/attachments")
			.file(new MockMultipartFile("photo", "p.png", "image/png", png))
			.header("Authorization", tokens.bearer("resident1"))).andExpect(status().isCreated()).andReturn();
		String aid = JSON.readTree(r.getResponse().getContentAsString()).path("id").asString();
		mvc.perform(multipart("/api/v1/workorders/" + id + "/attachments")
			.file(new MockMultipartFile("photo", "p.jpg", "image/jpeg", "<html>not an image</html>".getBytes()))
			.header("Authorization", tokens.bearer("resident1"))).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/workorders/" + id + "/attachments/" + aid).header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(content().contentType("image/png"))
			.andExpect(content().bytes(png));
		mvc.perform(get("/api/v1/workorders/" + id + "/attachments/" + aid).header("Authorization", tokens.bearer("sq-staff")))
			.andExpect(status().isForbidden());
		assertThat(jdbc.sql("SELECT count(*) FROM workorder_attachment WHERE work_order_id = :id::uuid").param("id", id)
			.query(Long.class).single()).isEqualTo(1);
	}
}
