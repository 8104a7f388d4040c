package org.civicloop.simulator.internal;

import org.civicloop.simulator.SleeveTransport;

/** How a simulated sleeve reaches the platform: MQTT (commands included) or HTTP (uplink only). */
interface SleeveLink extends SleeveTransport, AutoCloseable {

	/** Connects in the background; the connected hook runs once the link is usable. */
	void connect();

	void disconnect();

	boolean isConnected();

	@Override
	void close();
}
