package org.civicloop.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Work-order notices (through the notification module): who gets which, what they never contain, the bell, the page, idempotency. */
@CivicLoopTest
class NotificationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();
	static final String SJQ_COMPOUND = "330102014001R001";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	JsonNode api(String user, String path, String json, int expected) throws Exception {
		MvcResult r = mvc.perform(post(path).header("Authorization", tokens.bearer(user))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)).andReturn();
		assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expected);
		String s = r.getResponse().getContentAsString();
		return s.isEmpty() ? null : JSON.readTree(s);
	}

	String submit(String description) throws Exception {
		return api("resident1", "/api/v1/workorders", """
				{"categoryCode":"street-light","description":"%s","territoryCode":"%s","anonymous":true,
				 "requesterName":"张秘密","requesterContact":"13900000000"}""".formatted(description, SJQ_COMPOUND), 201)
			.path("order").path("id").asString();
	}

	String page(String user) throws Exception {
		return mvc.perform(get("/notifications").session(session(user))).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString();
	}

	String number(String id) {
		return jdbc.sql("SELECT number FROM workorder_order WHERE id = :id::uuid").param("id", id).query(String.class).single();
	}

	long rows(String id, String kind) {
		return jdbc.sql("SELECT count(*) FROM notification_notice WHERE link = :link AND message_key = :k")
			.param("link", "/requests/" + id).param("k", "wo.notify." + kind).query(Long.class).single();
	}

	@Test
	void requesterAndStaffHearWhatConcernsThemAndNothingInternal() throws Exception {
		String id = submit("路灯不亮 notify-1");
		String number = number(id);
		await().atMost(Duration.ofSeconds(15)).until(() -> rows(id, "new-order") == 1);
		assertThat(page("sjq-staff")).contains(number).contains("进入待签收队列").doesNotContain("张秘密").doesNotContain("13900000000");
		assertThat(page("sq-staff")).doesNotContain(number);
		assertThat(page("resident1")).doesNotContain("进入待签收队列");

		api("sjq-staff", "/api/v1/workorders/" + id + "/accept", "{}", 200);
		api("sjq-staff", "/api/v1/workorders/" + id + "/notes", "{\"text\":\"internal-note-XYZ\"}", 201);
		api("sjq-staff", "/api/v1/workorders/" + id + "/pause", "{\"reason\":\"请告知门牌号\"}", 200);
		api("sjq-staff", "/api/v1/workorders/" + id + "/reply", "{\"text\":\"已修复 fixed\"}", 200);
		await().atMost(Duration.ofSeconds(15)).until(() -> rows(id, "replied") == 1);
		String mine = page("resident1");
		assertThat(mine).contains("您的诉求 " + number + " 已签收").contains("需要您补充情况：请告知门牌号")
			.contains("已答复：已修复 fixed").doesNotContain("internal-note-XYZ");

		// a return reason goes to the dispatcher only; a rejection's public reason to the requester
		String other = submit("路灯不亮 notify-2");
		api("sjq-staff", "/api/v1/workorders/" + other + "/return", "{\"reason\":\"internal-return-reason\"}", 200);
		api("sjq-staff", "/api/v1/workorders/" + other + "/reject", "{\"reason\":\"不属于本平台受理范围\"}", 200);
		await().atMost(Duration.ofSeconds(15)).until(() -> rows(other, "rejected") == 1 && rows(other, "returned") == 1);
		assertThat(page("resident1")).contains("不予受理，理由：不属于本平台受理范围").doesNotContain("internal-return-reason");
		assertThat(page("sjq-staff")).contains("internal-return-reason");

		// English
		assertThat(mvc.perform(get("/notifications").param("lang", "en").session(session("resident1"))).andReturn()
			.getResponse().getContentAsString()).contains("was not accepted. Reason:");
	}

	@Test
	void theBellCountsUnreadAndReadingClearsIt() throws Exception {
		String id = submit("路灯不亮 notify-3");
		api("sjq-staff", "/api/v1/workorders/" + id + "/accept", "{}", 200);
		await().atMost(Duration.ofSeconds(15)).until(() -> rows(id, "accepted") == 1);
		String bell = mvc.perform(get("/notifications/count").session(session("resident1"))).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(bell).contains("bell-count");
		long notification = jdbc.sql("SELECT id FROM notification_notice WHERE link = :link AND message_key = 'wo.notify.accepted'")
			.param("link", "/requests/" + id).query(Long.class).single();
		// someone else's notification is not theirs to open
		mvc.perform(post("/notifications/" + notification + "/read").session(session("sq-staff")).with(csrf()))
			.andExpect(status().isNotFound());
		mvc.perform(post("/notifications/" + notification + "/read").session(session("resident1")).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(r -> assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/requests/" + id));
		mvc.perform(post("/notifications/read-all").session(session("resident1")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(mvc.perform(get("/notifications/count").session(session("resident1"))).andReturn().getResponse()
			.getContentAsString()).isEmpty();
		assertThat(mvc.perform(get("/")).andReturn().getResponse().getStatus()).isNotEqualTo(500);
		assertThat(mvc.perform(get("/").session(session("resident1"))).andReturn().getResponse().getContentAsString())
			.contains("/notifications/count");
	}

	@Test
	void aRedeliveredEventWritesOneRowAndScannerFlagsReachStaff() throws Exception {
		String id = submit("路灯不亮 notify-4");
		String number = number(id);
		Instant at = Instant.parse("2026-03-06T08:00:00Z");
		WorkOrderProgressed dueSoon = new WorkOrderProgressed(new WorkOrderId(UUID.fromString(id)), number,
				WorkOrderState.SUBMITTED, "due-soon", "system", SJQ_COMPOUND, null, null, at.plusSeconds(7200), at);
		tx.executeWithoutResult(s -> events.publishEvent(dueSoon));
		tx.executeWithoutResult(s -> events.publishEvent(dueSoon));
		WorkOrderProgressed overdue = new WorkOrderProgressed(new WorkOrderId(UUID.fromString(id)), number,
				WorkOrderState.SUBMITTED, "overdue", "system", SJQ_COMPOUND, null, null, at, at.plusSeconds(7200));
		tx.executeWithoutResult(s -> events.publishEvent(overdue));
		await().atMost(Duration.ofSeconds(15)).until(() -> rows(id, "overdue") == 1);
		Thread.sleep(300);
		assertThat(rows(id, "due-soon")).isEqualTo(1);
		assertThat(page("sjq-staff")).contains(number + " 即将超期（时限 2026-03-06 18:00）").contains(number + " 已超期");
		assertThat(page("resident1")).doesNotContain("即将超期");
	}
}
