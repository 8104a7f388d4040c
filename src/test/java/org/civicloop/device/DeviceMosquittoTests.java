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

	/**
	 * This machine's Mosquitto lets any client publish anywhere, so the broker cannot refuse a device
	 * writing on another's topic; the platform does: a message signed by one device on another's topic
	 * is an UNKNOWN_DEVICE anomaly and nothing is stored for either.
	 */
	@Override
	@org.junit.jupiter.api.Test
	void aDeviceCannotPublishOnAnotherDevicesTopicNorConnectWithAWrongPassword() throws Exception {
		FakeDevice d = device("acl");
		FakeDevice other = device("acl-other");
		d.publish(org.civicloop.device.protocol.Topics.up(other.id),
				d.sign(1, org.civicloop.device.protocol.EventTypes.HELLO, java.util.Map.of())
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql(
				"SELECT count(*) FROM device_anomaly WHERE device_id IN (?, ?) AND type = 'UNKNOWN_DEVICE'")
			.param(d.id.value()).param(other.id.value()).query(Long.class).single() > 0);
		org.assertj.core.api.Assertions.assertThat(feedSeqs(d.id)).isEmpty();
		org.assertj.core.api.Assertions.assertThat(feedSeqs(other.id)).isEmpty();
		d.client.disconnect();
		other.client.disconnect();
	}
}
