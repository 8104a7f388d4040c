package org.civicloop.device;

/**
 * The MQTT broker through which devices reach the platform, as the platform itself connects to it:
 * the configured one ({@code civicloop.device.mqtt.url}), else the embedded one, at the port it
 * actually listens on. For whatever plays or drives a device (the simulator, benchmarks).
 */
public interface DeviceBroker {

	/** {@code tcp://host:port} */
	String url();
}
