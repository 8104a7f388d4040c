package org.civicloop.simulator;

/** Where a sleeve's bytes go: an MQTT connection, or a list in a test. */
@FunctionalInterface
public interface SleeveTransport {

	/** @return false when the bytes could not be handed over (not connected): the sleeve keeps them */
	boolean publish(String topic, byte[] payload);
}
