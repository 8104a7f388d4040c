package org.civicloop.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.Jws;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.simulator.internal.SimulatorSessions;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The simulator page with the device registry faked (a primary stand-in): one demo sleeve in 仙岩村 (with a kept
 * credential), one without. Who sees which device, what an action on a stopped sleeve answers.
 */
@CivicLoopTest
@TestPropertySource(properties = "civicloop.device.mqtt.url=tcp://127.0.0.1:1883")
class SimulatorPagesTests {

	static final java.security.KeyPair PLATFORM = Ed25519Keys.generate();

	static final DeviceId XY = DeviceId.of("SEAL-XY-SIMPAGE");
	static final DeviceId XY_REAL = DeviceId.of("SEAL-XY-REAL");

	/**
	 * A stand-in registry next to the real one (which the device module's own beans keep using):
	 * the simulator pages take the primary {@link Devices}.
	 */
	@org.springframework.boot.test.context.TestConfiguration
	static class FakeRegistry {

		@org.springframework.context.annotation.Bean
		@org.springframework.context.annotation.Primary
		Devices simulatorTestDevices() {
			return org.mockito.Mockito.mock(Devices.class);
		}
	}

	@Autowired
	Devices devices;

	@Autowired
	MockMvc mvc;

	@Autowired
	SimulatorSessions sessions;

	static DeviceView view(DeviceId id, String label) {
		return new DeviceView(id, DeviceKind.SEAL_SLEEVE, "330110112001", label, DeviceStatus.ACTIVE, 1, 41, Instant.now(),
				false);
	}

	@BeforeEach
	void registry() {
		List<DeviceView> all = List.of(view(XY, "仙岩村党支部印章"), view(XY_REAL, "仙岩村村委会印章"));
		when(devices.within(eq(DeviceKind.SEAL_SLEEVE), anyString())).thenAnswer(inv -> {
			TerritoryCode root = TerritoryCode.of(inv.getArgument(1));
			return all.stream().filter(v -> TerritoryCode.of(v.territoryCode()).isWithin(root)).toList();
		});
		when(devices.find(any())).thenAnswer(inv -> all.stream().filter(v -> v.id().equals(inv.getArgument(0))).findFirst());
		when(devices.demoCredential(any())).thenReturn(Optional.empty());
		when(devices.demoCredential(XY)).thenReturn(Optional.of(new IssuedCredential(XY, 1, Jws.deviceKeyId(XY.value(), 1),
				Ed25519Keys.pem("PRIVATE KEY", Ed25519Keys.generate().getPrivate().getEncoded()), XY.value(), "pw",
				Ed25519Keys.pem("PUBLIC KEY", PLATFORM.getPublic().getEncoded()))));
	}

	@AfterEach
	void stop() {
		sessions.stop(XY);
	}

	MockHttpSession login(String username) throws Exception {
		return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestTokens.PASSWORD))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	@Test
	void theVillageSeesItsDemoSleeveOnly() throws Exception {
		mvc.perform(get("/simulator").session(login("xy-clerk")).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Smart seal simulator")))
			.andExpect(content().string(containsString(XY.value())))
			// no kept credential: not playable
			.andExpect(content().string(not(containsString(XY_REAL.value()))));
		mvc.perform(get("/simulator").session(login("sq-staff")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString(XY.value()))))
			.andExpect(content().string(containsString("本辖区暂无")));
	}

	@Test
	void anotherJurisdictionCannotOpenOrConnectTheSleeve() throws Exception {
		MockHttpSession sq = login("sq-staff");
		mvc.perform(get("/simulator/" + XY.value()).session(sq)).andExpect(status().isForbidden());
		mvc.perform(post("/simulator/" + XY.value() + "/connect").with(csrf()).session(sq))
			.andExpect(status().isForbidden());
		assertThat(sessions.get(XY)).isEmpty();
		mvc.perform(get("/simulator/NOPE-404").session(sq)).andExpect(status().isNotFound());
		mvc.perform(get("/simulator/ab").session(sq)).andExpect(status().isNotFound());
		mvc.perform(get("/simulator")).andExpect(status().is3xxRedirection());
	}

	@Test
	void connectActAndDisconnect() throws Exception {
		MockHttpSession xy = login("xy-secretary");
		// acting on a sleeve that is not running is a conflict
		mvc.perform(post("/simulator/" + XY.value() + "/act").with(csrf()).session(xy).param("action", "stamp"))
			.andExpect(status().isConflict());
		// a device without a kept credential cannot be played
		mvc.perform(post("/simulator/" + XY_REAL.value() + "/connect").with(csrf()).session(xy))
			.andExpect(status().isNotFound());
		mvc.perform(post("/simulator/" + XY.value() + "/connect").with(csrf()).session(xy).param("auto", "true"))
			.andExpect(redirectedUrl("/simulator/" + XY.value()));
		// it carries on after the platform's last accepted sequence number
		assertThat(sessions.get(XY)).get().extracting(r -> r.sleeve().lastSeq()).isEqualTo(41L);
		mvc.perform(get("/simulator/" + XY.value()).session(xy).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"sim-stamp\"")))
			.andExpect(content().string(containsString("mode-extra-impression")));
		// with no authorisation the sleeve stays locked
		mvc.perform(post("/simulator/" + XY.value() + "/act").with(csrf())
			.session(xy)
			.header("HX-Request", "true")
			.header("Accept-Language", "en")
			.param("action", "stamp"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Not stamped: locked: no authorisation")));
		mvc.perform(post("/simulator/" + XY.value() + "/misbehave").with(csrf())
			.session(xy)
			.header("HX-Request", "true")
			.param("m", "missing-photo")
			.param("on", "true")).andExpect(status().isOk());
		assertThat(sessions.get(XY).get().sleeve().misbehaviours()).isEqualTo(Set.of(Misbehaviour.MISSING_PHOTO));
		mvc.perform(post("/simulator/" + XY.value() + "/misbehave").with(csrf()).session(xy).param("m", "teleport")
			.param("on", "true")).andExpect(status().isBadRequest());
		mvc.perform(post("/simulator/" + XY.value() + "/act").with(csrf()).session(xy).param("action", "explode"))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/simulator/" + XY.value() + "/status").session(xy))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"sim-state\"")));
		mvc.perform(get("/simulator/" + XY.value() + "/log").session(xy))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("stamp.refused")));
		mvc.perform(post("/simulator/" + XY.value() + "/act").with(csrf()).session(xy).param("action", "disconnect"))
			.andExpect(redirectedUrl("/simulator/" + XY.value()));
		assertThat(sessions.get(XY)).isEmpty();
	}

	/** The page's sleeve on a real broker (the machine's Mosquitto) takes an authorisation and stamps. */
	@Test
	@org.junit.jupiter.api.Tag("external-broker")
	void thePageSleeveStampsWhatThePlatformAuthorises() throws Exception {
		MockHttpSession xy = login("xy-secretary");
		mvc.perform(post("/simulator/" + XY.value() + "/connect").with(csrf()).session(xy).param("auto", "true"))
			.andExpect(status().is3xxRedirection());
		SimulatedSleeve sleeve = sessions.get(XY).orElseThrow().sleeve();
		assertThat(sleeve.awaitConnected(java.time.Duration.ofSeconds(15))).as(sleeve.events().toString()).isTrue();
		org.eclipse.paho.client.mqttv3.MqttClient platform = new org.eclipse.paho.client.mqttv3.MqttClient(
				"tcp://127.0.0.1:1883", "platform-" + UUID.randomUUID(),
				new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
		platform.connect();
		try {
			Instant now = Instant.now();
			String cmd = Jws.sign(new org.civicloop.device.protocol.CommandMessage(1, UUID.randomUUID(), XY.value(),
					"authorise", now, now.minusSeconds(5), now.plusSeconds(600),
					java.util.Map.of("authorisation", "AUTH-PAGE", "seal", "S", "impressions", 2, "nonce", "n")), "platform:1",
					PLATFORM.getPrivate());
			platform.publish(org.civicloop.device.protocol.Topics.down(XY),
					cmd.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 1, false);
		}
		finally {
			platform.disconnect();
			platform.close();
		}
		assertThat(sleeve.awaitEvent(e -> e.type().equals("lock"), java.time.Duration.ofSeconds(15)))
			.as(sleeve.events().toString())
			.isTrue();
		mvc.perform(get("/simulator/" + XY.value()).session(xy).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Authorisation AUTH-PAGE: 2 of 2 impressions (used up)")))
			// the sequence carried on after the platform's last accepted number (41)
			.andExpect(content().string(containsString("#42")));
	}
}
