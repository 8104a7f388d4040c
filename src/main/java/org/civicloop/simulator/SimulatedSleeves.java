package org.civicloop.simulator;

import org.civicloop.device.IssuedCredential;
import org.civicloop.simulator.internal.MqttSimulatedSleeve;

/** Starts simulated sleeves: from the command, the page and tests. */
public final class SimulatedSleeves {

	private SimulatedSleeves() {
	}

	/**
	 * A sleeve playing the device of {@code credential} over MQTT at {@code brokerUrl}
	 * ({@code tcp://host:port}); it connects in the background and keeps reconnecting. Given an
	 * {@code http(s)://} base URL instead, it sends its messages and photos to the platform's device
	 * HTTP endpoint (and receives no commands).
	 */
	public static SimulatedSleeve start(IssuedCredential credential, String brokerUrl, SleeveOptions options) {
		return MqttSimulatedSleeve.start(credential, brokerUrl, options);
	}
}
