package org.civicloop.simulator;

import org.civicloop.device.IssuedCredential;
import org.civicloop.simulator.internal.MqttSimulatedSleeve;

/** Starts simulated sleeves: from the command, the page and tests. */
public final class SimulatedSleeves {

	private SimulatedSleeves() {
	}

	/**
	 * A sleeve playing the device of {@code credential} over MQTT at {@code brokerUrl}
	 * ({@code tcp://host:port}); it connects in the background and keeps reconnecting.
	 */
	public static SimulatedSleeve start(IssuedCredential credential, String brokerUrl, SleeveOptions options) {
		return MqttSimulatedSleeve.start(credential, brokerUrl, options);
	}
}
