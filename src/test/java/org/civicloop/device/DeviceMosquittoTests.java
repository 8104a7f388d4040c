package org.civicloop.device;

import org.junit.jupiter.api.Tag;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link DeviceMqttTests} over the machine's Mosquitto (127.0.0.1:1883, started by
 * scripts/test-prerequisites) instead of the embedded broker: run by the external-broker pass of
 * {@code ./mvnw verify}. Mosquitto is set up there without per-device ACLs, which is why the
 * platform checks the topic against the signed device id itself.
 */
@Tag("external-broker")
@TestPropertySource(properties = "civicloop.device.mqtt.url=tcp://127.0.0.1:1883")
class DeviceMosquittoTests extends DeviceMqttTests {

	@Override
	protected String brokerUrl() {
		return "tcp://127.0.0.1:1883";
	}
}
