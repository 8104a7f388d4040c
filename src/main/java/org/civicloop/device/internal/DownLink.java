package org.civicloop.device.internal;

import org.civicloop.device.DeviceId;

/** How a signed command reaches a device: the MQTT gateway when there is one. */
public interface DownLink {

	/** Publishes (QoS 1) without waiting for the broker; false when not connected. */
	boolean send(DeviceId device, String jws);
}
