package org.civicloop.browser;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.Jws;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.simulator.internal.SimulatorSessions;
import org.civicloop.support.CivicLoopServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

/**
 * The simulator page on a phone, with the device registry faked and the sleeve on the machine's
 * Mosquitto: connect, misbehave, stamp, and the live log updates by itself.
 */
@CivicLoopServerTest
@TestPropertySource(properties = "civicloop.device.mqtt.url=tcp://127.0.0.1:1883")
@Tag("browser")
@Tag("external-broker")
class SimulatorBrowserTests extends BrowserTestBase {

	static final DeviceId ID = DeviceId.of("SEAL-XY-BROWSER");

	/** A stand-in registry next to the real one: the simulator pages take the primary {@link Devices}. */
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
	SimulatorSessions sessions;

	@AfterEach
	void stop() {
		sessions.stop(ID);
	}

	@Test
	void phoneConnectMisbehaveAndStamp() {
		DeviceView v = new DeviceView(ID, DeviceKind.SEAL_SLEEVE, "330110112001", "仙岩村党支部印章", DeviceStatus.ACTIVE, 1,
				0, Instant.now(), false);
		when(devices.within(eq(DeviceKind.SEAL_SLEEVE), anyString())).thenReturn(List.of(v));
		when(devices.find(any())).thenReturn(Optional.of(v));
		when(devices.demoCredential(any())).thenReturn(Optional.of(new IssuedCredential(ID, 1,
				Jws.deviceKeyId(ID.value(), 1), Ed25519Keys.pem("PRIVATE KEY", Ed25519Keys.generate().getPrivate().getEncoded()),
				ID.value(), "pw", Ed25519Keys.pem("PUBLIC KEY", Ed25519Keys.generate().getPublic().getEncoded()))));

		Page page = open(390, 844, true);
		signIn(page, "xy-secretary");
		page.navigate(url("/simulator"));
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("智能印章模拟器");
		PlaywrightAssertions.assertThat(page.locator("#devices")).containsText(ID.value());
		page.locator("#devices button[type=submit]").click();
		page.waitForURL(url("/simulator/" + ID.value()));
		PlaywrightAssertions.assertThat(page.locator("#sim-state")).hasText("已连接",
				new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(15_000));

		page.locator("#mode-stamp-without-authorisation").click();
		PlaywrightAssertions.assertThat(page.locator("#mode-stamp-without-authorisation")).hasAttribute("aria-pressed", "true");
		page.locator("#sim-stamp").click();
		PlaywrightAssertions.assertThat(page.locator("#stamp-result")).containsText("已盖第 1 次");
		// the log polls by itself
		PlaywrightAssertions.assertThat(page.locator("#sim-log")).containsText("impression");
		Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
		shot(page, "phone-simulator-zh");

		page.locator("#sim-disconnect").click();
		PlaywrightAssertions.assertThat(page.locator("#sim-state")).hasText("未连接");
	}
}
