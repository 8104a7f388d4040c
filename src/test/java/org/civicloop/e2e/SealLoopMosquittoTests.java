package org.civicloop.e2e;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link SealLoopEndToEndTests} over the machine's Mosquitto (127.0.0.1:1883, started by
 * scripts/test-prerequisites): the production path, run by the external-broker pass of
 * {@code ./mvnw verify}.
 */
@Tag("external-broker")
@TestPropertySource(properties = "civicloop.device.mqtt.url=tcp://127.0.0.1:1883")
class SealLoopMosquittoTests extends SealLoopEndToEndTests {

	@Override
	protected String brokerUrl() {
		return "tcp://127.0.0.1:1883";
	}
}
