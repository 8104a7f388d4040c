package org.civicloop.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.civicloop.device.DeviceEvent;
import org.civicloop.device.DeviceEventFeed;
import org.civicloop.device.DeviceId;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.mqtt.EmbeddedBroker;
import org.civicloop.identity.Accounts;
import org.civicloop.seal.ApplicationStatus;
import org.civicloop.seal.NewSealApplication;
import org.civicloop.seal.SealApplicationView;
import org.civicloop.seal.SealApplications;
import org.civicloop.shared.CivicPrincipal;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.simulator.Misbehaviour;
import org.civicloop.simulator.SimulatedSleeve;
import org.civicloop.simulator.SimulatedSleeves;
import org.civicloop.simulator.SleeveOptions;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The smart-seal loop with no hardware, over real MQTT (the embedded broker here; the machine's
 * Mosquitto in {@link SealLoopMosquittoTests}): a clerk files for a villager, the village secretary
 * approves, the platform signs a one-time authorisation and delivers it over the command topic, the
 * simulated sleeve (the shipped simulator) unlocks and stamps 3 of 3 with photos, and the 4th
 * impression it makes is flagged. Then the device misbehaves: a verbatim replay and a forged event
 * are refused (nothing stored), a reused sequence number is a replay anomaly, and what it buffered
 * while offline is accepted later, in order.
 */
@CivicLoopTest
class SealLoopEndToEndTests {

	/** 仙岩村's party-branch seal: the demo data files nothing on it, so its sleeve starts idle. */
	static final DeviceId SLEEVE = DeviceId.of("XY-SEAL-03");
	static final String XIANYAN = "330110112001";
	static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	Devices devices;

	@Autowired
	DeviceEventFeed feed;

	@Autowired
	SealApplications applications;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ObjectProvider<EmbeddedBroker> broker;

	SimulatedSleeve sleeve;

	protected String brokerUrl() {
		return broker.getObject().url();
	}

	@AfterEach
	void tearDown() {
		if (sleeve != null) {
			sleeve.close();
		}
		SecurityContextHolder.clearContext();
	}

	@Test
	void applyApproveAuthoriseStampAndCatchWhatGoesWrong() throws Exception {
		IssuedCredential credential = devices.demoCredential(SLEEVE).orElseThrow();
		// the sleeve stamps by itself when an authorisation arrives, one page more than allowed
		sleeve = SimulatedSleeves.start(credential, brokerUrl(), SleeveOptions.defaults()
			.withAutoStamp(true, Duration.ofMillis(100))
			.withMisbehaviours(Set.of(Misbehaviour.EXTRA_IMPRESSION)));
		assertThat(sleeve.awaitConnected(WAIT)).as(sleeve.events().toString()).isTrue();
		// the platform heard its hello (so it is subscribed and knows the sleeve is there)
		await().atMost(WAIT).until(() -> devices.find(SLEEVE).orElseThrow().lastSeenAt() != null);
		UUID seal = jdbc.sql("SELECT id FROM seal_seal WHERE device_id = :d").param("d", SLEEVE.value())
			.query(UUID.class).single();

		// apply (the clerk for a villager) → approve (the village secretary)
		as("xy-clerk", Role.VILLAGE_CLERK);
		SealApplicationView filed = applications.submit(new NewSealApplication("meeting-minutes", seal,
				"村民代表会议决议盖章 Stamping the representatives' resolution", 3, "朱大伯"));
		applications.attachDocument(filed.id(), "决议.pdf", "application/pdf", PDF, 0);
		assertThat(filed.status()).isEqualTo(ApplicationStatus.PENDING);
		as("xy-secretary", Role.VILLAGE_SECRETARY);
		assertThat(applications.approve(filed.id(), "同意 Agreed").status()).isEqualTo(ApplicationStatus.AUTHORISED);

		// the authorisation reaches the sleeve, which unlocks and stamps 3 of 3 (+1)
		await().atMost(WAIT).untilAsserted(() -> assertThat(find(filed.id()).status())
			.as(sleeve.events().toString()).isEqualTo(ApplicationStatus.COMPLETED));
		assertThat(find(filed.id()).used()).isEqualTo(3);
		await().atMost(WAIT).untilAsserted(() -> assertThat(sealAnomalies(filed.id())).contains("BEYOND_AUTHORISATION"));
		List<DeviceEvent> events = feed.ofDevice(SLEEVE, 1, Long.MAX_VALUE);
		List<DeviceEvent> impressions = events.stream().filter(e -> e.type().equals("impression")).toList();
		assertThat(impressions).extracting(e -> ((Number) e.body().get("k")).intValue()).containsExactly(1, 2, 3, 4);
		// every stamped page's photo arrived and is the one the impression names
		await().atMost(WAIT).untilAsserted(() -> assertThat(impressions)
			.allSatisfy(e -> assertThat(feed.hasBlob((String) e.body().get("photo"))).isTrue()));
		assertThat(events).extracting(DeviceEvent::seq).isSorted().doesNotHaveDuplicates();
		assertThat(events).extracting(DeviceEvent::type).contains("command.ack", "unlock", "lock");
		sleeve.misbehave(Misbehaviour.EXTRA_IMPRESSION, false);

		// a verbatim replay of the last message is refused: nothing new is stored
		long stored = storedEvents();
		assertThat(sleeve.replayLast()).isTrue();
		sleeve.batteryLow();
		await().atMost(WAIT).until(() -> storedEvents() == stored + 1);
		assertThat(feed.ofDevice(SLEEVE, 1, Long.MAX_VALUE)).extracting(DeviceEvent::seq).doesNotHaveDuplicates();

		// a forged event is refused and raised
		sleeve.forgeNext();
		sleeve.tamper("forged message");
		await().atMost(WAIT).untilAsserted(() -> assertThat(deviceAnomalies()).contains("BAD_SIGNATURE"));
		assertThat(storedEvents()).isEqualTo(stored + 1);

		// a reused sequence number with new content is a replay
		sleeve.misbehave(Misbehaviour.REUSED_SEQUENCE, true);
		sleeve.batteryLow();
		sleeve.misbehave(Misbehaviour.REUSED_SEQUENCE, false);
		await().atMost(WAIT).untilAsserted(() -> assertThat(deviceAnomalies()).contains("REPLAY"));

		// offline: a tamper and a low battery are buffered and accepted later, in order, as late events
		long before = sleeve.lastSeq();
		sleeve.goOffline();
		sleeve.tamper("casing opened while offline");
		sleeve.batteryLow();
		sleeve.goOnline();
		await().atMost(WAIT).untilAsserted(() -> assertThat(feed.ofDevice(SLEEVE, before + 1, Long.MAX_VALUE))
			.extracting(DeviceEvent::type).startsWith("tamper", "battery.low"));
		List<DeviceEvent> late = feed.ofDevice(SLEEVE, before + 1, before + 2);
		assertThat(late).allMatch(DeviceEvent::late);
		assertThat(late).extracting(DeviceEvent::seq).containsExactly(before + 1, before + 2);
		await().atMost(WAIT).untilAsserted(() -> assertThat(sealAnomaliesOfDevice()).contains("TAMPER"));

		// every decision and device event is in the audit log
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE action = 'device.event' AND record_id = :d")
			.param("d", SLEEVE.value()).query(Long.class).single()).isGreaterThanOrEqualTo(storedEvents());

		// the inspector traces the use end to end: each step links to its own audit entry and proof
		// (through the web, as the inspector: the facade calls above left a principal on this thread)
		SecurityContextHolder.clearContext();
		MockHttpSession inspector = login("bz-inspector");
		String page = mvc.perform(get("/seal/applications/" + filed.id()).session(inspector))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		long impression = impressions.get(0).seq();
		for (String key : List.of("seal:submitted:" + filed.id(), "seal:decision:" + filed.id() + ":0",
				"device.event:" + SLEEVE.value() + ":" + impression)) {
			assertThat(page).contains("/audit/source?key=" + key);
			await().atMost(WAIT).untilAsserted(() -> mvc.perform(get("/audit/source").param("key", key).session(inspector))
				.andExpect(status().is3xxRedirection()));
			String entry = mvc.perform(get("/audit/source").param("key", key).session(inspector)).andReturn().getResponse()
				.getRedirectedUrl();
			mvc.perform(get(entry).session(inspector)).andExpect(status().isOk());
		}
		// and someone from elsewhere cannot follow them
		mvc.perform(get("/audit/source").param("key", "seal:submitted:" + filed.id()).session(login("sq-staff")))
			.andExpect(status().isForbidden());
	}

	@Autowired
	MockMvc mvc;

	MockHttpSession login(String username) throws Exception {
		return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestTokens.PASSWORD))
			.andReturn().getRequest().getSession(false);
	}

	SealApplicationView find(UUID id) {
		as("xy-secretary", Role.VILLAGE_SECRETARY);
		return applications.find(id).orElseThrow();
	}

	List<String> sealAnomalies(UUID application) {
		return jdbc.sql("SELECT type FROM seal_anomaly WHERE application_id = :a").param("a", application)
			.query(String.class).list();
	}

	List<String> sealAnomaliesOfDevice() {
		return jdbc.sql("SELECT type FROM seal_anomaly WHERE device_id = :d").param("d", SLEEVE.value())
			.query(String.class).list();
	}

	List<String> deviceAnomalies() {
		return jdbc.sql("SELECT type FROM device_anomaly WHERE device_id = :d").param("d", SLEEVE.value())
			.query(String.class).list();
	}

	long storedEvents() {
		return jdbc.sql("SELECT count(*) FROM device_event WHERE device_id = :d").param("d", SLEEVE.value())
			.query(Long.class).single();
	}

	void as(String username, Role role) {
		Accounts.Person p = accounts.byUsername(username).orElseThrow();
		Jurisdiction j = new Jurisdiction(p.id(), p.username(), Set.of(role), Set.of(TerritoryCode.of(XIANYAN)));
		CivicPrincipal principal = () -> j;
		SecurityContextHolder.getContext()
			.setAuthentication(new UsernamePasswordAuthenticationToken(principal, null, List.of()));
	}

	static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type /Catalog /Pages 2 0 R>>endobj\n"
			+ "2 0 obj<</Type /Pages /Kids [3 0 R] /Count 1>>endobj\n3 0 obj<</Type /Page /Parent 2 0 R>>endobj\n%%EOF\n")
		.getBytes(StandardCharsets.ISO_8859_1);
}
