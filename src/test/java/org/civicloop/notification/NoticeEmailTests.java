package org.civicloop.notification;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The facade with an SMTP sender (a fake that keeps the messages): staff with an address hear about
 * their queue, a user about their own notices, each once, after the commit; other modules' notices
 * share the inbox and its source filter.
 */
@CivicLoopTest
@Import(NoticeEmailTests.FakeMail.class)
class NoticeEmailTests {

	static final String SJQ = "330102014000";
	static final String SJQ_COMPOUND = "330102014001R001";

	@TestConfiguration
	static class FakeMail {
		@Bean
		FakeSender mailSender() {
			return new FakeSender();
		}
	}

	static class FakeSender extends JavaMailSenderImpl {
		final List<SimpleMailMessage> sent = new CopyOnWriteArrayList<>();

		@Override
		public void send(SimpleMailMessage... messages) {
			sent.addAll(List.of(messages));
		}

		List<SimpleMailMessage> to(String address) {
			return sent.stream().filter(m -> List.of(m.getTo()).contains(address)).toList();
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FakeSender mail;

	@Autowired
	JavaMailSender sender;

	@Autowired
	Notifications notifications;

	@Autowired
	TransactionTemplate tx;

	@BeforeEach
	void addresses() {
		setEmail("sjq-staff", "sjq-staff@example.org");
		setEmail("resident1", "resident1@example.org");
		setEmail("sq-staff", "sq-staff@example.org");
	}

	void setEmail(String username, String address) {
		jdbc.sql("UPDATE identity_user SET email = :e WHERE username = :u").param("e", address).param("u", username).update();
	}

	UUID idOf(String username) {
		return jdbc.sql("SELECT id FROM identity_user WHERE username = :u").param("u", username).query(UUID.class).single();
	}

	MockHttpSession session(String user) {
		return LoginSessions.login(mvc, user);
	}

	String api(String user, String path, String json, int expected) throws Exception {
		MvcResult r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
			.header("Authorization", tokens.bearer(user)).contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();
		assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(expected);
		return r.getResponse().getContentAsString();
	}

	@Test
	void staffWithAnAddressHearAboutTheirQueueAndTheRequesterAboutTheirOrder() throws Exception {
		assertThat(sender).isSameAs(mail);
		String body = api("resident1", "/api/v1/workorders", """
				{"categoryCode":"street-light","description":"路灯不亮 mail-1","territoryCode":"%s","anonymous":true,
				 "requesterName":"张秘密","requesterContact":"13900000000"}""".formatted(SJQ_COMPOUND), 201);
		String id = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).path("order").path("id").asString();
		String number = jdbc.sql("SELECT number FROM workorder_order WHERE id = :id::uuid").param("id", id).query(String.class).single();

		await().atMost(Duration.ofSeconds(15)).until(() -> mail.to("sjq-staff@example.org").stream()
			.anyMatch(m -> m.getText().contains(number)));
		SimpleMailMessage staff = mail.to("sjq-staff@example.org").stream().filter(m -> m.getText().contains(number))
			.findFirst().orElseThrow();
		assertThat(staff.getText()).contains("新诉求 " + number + " 进入待签收队列").contains("New request " + number)
			.doesNotContain("张秘密").doesNotContain("13900000000");
		assertThat(mail.to("sq-staff@example.org")).noneMatch(m -> m.getText().contains(number));
		assertThat(mail.to("resident1@example.org")).noneMatch(m -> m.getText().contains("进入待签收队列"));

		api("sjq-staff", "/api/v1/workorders/" + id + "/accept", "{}", 200);
		await().atMost(Duration.ofSeconds(15)).until(() -> mail.to("resident1@example.org").stream()
			.anyMatch(m -> m.getText().contains("您的诉求 " + number + " 已签收")));
		// one mail per event and recipient
		Thread.sleep(300);
		assertThat(mail.to("sjq-staff@example.org").stream().filter(m -> m.getText().contains(number))).hasSize(1);
		assertThat(mail.to("resident1@example.org").stream().filter(m -> m.getText().contains(number))).hasSize(1);
	}

	@Test
	void severalNoticesSentTogetherAreEachStoredAndMailedOnceWithTheirOwnArguments() {
		UUID secretary = idOf("xy-secretary");
		setEmail("xy-secretary", "xy-batch@example.org");
		String a = "batch-test:" + UUID.randomUUID();
		String b = "batch-test:" + UUID.randomUUID();
		Notice first = Notice.toUser(a, secretary, "seal", "notification.test.batch", null, "甲", "带,逗号\"引号");
		Notice second = Notice.toTerritory(b, SJQ_COMPOUND, "workorder", "notification.test.batch", "/requests/x");
		List<Boolean> fresh = tx.execute(s -> notifications.sendAll(List.of(first, second, first)));
		// the same event to the same recipient twice in one call: stored once, the repeat is not new
		assertThat(fresh).containsExactly(true, true, false);
		List<Boolean> again = tx.execute(s -> notifications.sendAll(List.of(second)));
		assertThat(again).containsExactly(false);

		assertThat(jdbc.sql("SELECT args FROM notification_notice WHERE event_key = :k").param("k", a)
			.query((rs, n) -> List.of((String[]) rs.getArray(1).getArray())).single())
			.containsExactly("甲", "带,逗号\"引号");
		assertThat(jdbc.sql("SELECT cardinality(args) FROM notification_notice WHERE event_key = :k").param("k", b)
			.query(Integer.class).single()).isZero();
		assertThat(mail.to("xy-batch@example.org")).hasSize(1);
		assertThatThrownBy(() -> notifications.sendAll(List.of(Notice.toTerritory("batch-test:" + UUID.randomUUID(),
				SJQ_COMPOUND, "workorder", "notification.test.batch", "https://elsewhere.example"))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void anyModuleSendsOnceAndTheInboxFiltersBySource() throws Exception {
		UUID secretary = idOf("xy-secretary");
		setEmail("xy-secretary", "xy@example.org");
		String key = "seal-test:" + UUID.randomUUID();
		Notice n = Notice.toUser(key, secretary, "seal", "notification.test.unknown-key", "/seal/applications/1", "甲");
		Boolean first = tx.execute(s -> notifications.send(n));
		Boolean again = tx.execute(s -> notifications.send(n));
		assertThat(first).isTrue();
		assertThat(again).isFalse();
		assertThat(mail.to("xy@example.org").stream().filter(m -> m.getText().contains("notification.test.unknown-key")))
			.hasSize(1);

		// nothing goes out when the change is rolled back
		String rolledBack = "seal-test:" + UUID.randomUUID();
		tx.executeWithoutResult(s -> {
			notifications.send(Notice.toUser(rolledBack, secretary, "seal", "notification.test.rolled-back", null));
			s.setRollbackOnly();
		});
		assertThat(mail.to("xy@example.org")).noneMatch(m -> m.getText().contains("notification.test.rolled-back"));

		MockHttpSession session = session("xy-secretary");
		String all = mvc.perform(get("/notifications").session(session)).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString();
		assertThat(all).contains("notification.test.unknown-key").doesNotContain("notification.test.rolled-back");
		assertThat(mvc.perform(get("/notifications").param("source", "seal").session(session)).andReturn().getResponse()
			.getContentAsString()).contains("notification.test.unknown-key");
		assertThat(mvc.perform(get("/notifications").param("source", "workorder").session(session)).andReturn()
			.getResponse().getContentAsString()).doesNotContain("notification.test.unknown-key");
		mvc.perform(get("/notifications").param("source", "<b>x</b>").session(session)).andExpect(status().isBadRequest());

		long id = jdbc.sql("SELECT id FROM notification_notice WHERE event_key = :k").param("k", key).query(Long.class).single();
		mvc.perform(post("/notifications/" + id + "/read").session(session).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(r -> assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/seal/applications/1"));
		mvc.perform(post("/notifications/" + id + "/read").session(session("xy-clerk")).with(csrf()))
			.andExpect(status().isNotFound());
	}

	@Test
	void aTerritoryQueueMailsItsStaffButNotItsResidents() {
		String key = "queue-test:" + UUID.randomUUID();
		tx.execute(s -> notifications.send(Notice.toTerritory(key, SJQ_COMPOUND, "seal", "notification.test.queue", null)));
		assertThat(mail.to("sjq-staff@example.org")).anyMatch(m -> m.getText().contains("notification.test.queue"));
		assertThat(mail.to("resident1@example.org")).noneMatch(m -> m.getText().contains("notification.test.queue"));
		assertThat(mail.to("sq-staff@example.org")).noneMatch(m -> m.getText().contains("notification.test.queue"));
	}

	@Test
	void foreignLinksAndBadCodesAreRefused() {
		UUID me = idOf("resident1");
		for (String link : List.of("https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "/a b")) {
			assertThatThrownBy(() -> notifications.send(Notice.toUser("bad:" + UUID.randomUUID(), me, "seal", "k", link)))
				.as(link).isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> notifications.send(Notice.toTerritory("bad:" + UUID.randomUUID(), "nope", "seal", "k", null)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Notice("k", me, SJQ, "seal", "k", null, null)).isInstanceOf(IllegalArgumentException.class);
		assertThat(notifications.email("mail:" + UUID.randomUUID(), "not-an-address", "seal", "k", List.of())).isFalse();
	}
}
