package org.civicloop.device.protocol;

import org.civicloop.device.DeviceId;

/**
 * MQTT topics, one subtree per device so that a broker ACL of {@code civicloop/d/%u/#} (the MQTT
 * user name is the device id) confines a device to its own topics.
 * <ul>
 * <li>{@code up}: device → platform, one JWS, or a JSON array of JWS (an offline batch, in order);</li>
 * <li>{@code down}: platform → device, one signed command (JWS) per message, QoS 1;</li>
 * <li>{@code blob/<sha256>}: device → platform, the raw bytes of a photo, named by their SHA-256;</li>
 * <li>{@code status}: the device's last will ("offline") and its "online" on connect, retained.</li>
 * </ul>
 */
public final class Topics {

	public static final String ROOT = "civicloop/d/";

	private Topics() {
	}

	public static String up(DeviceId id) {
		return ROOT + id.value() + "/up";
	}

	public static String down(DeviceId id) {
		return ROOT + id.value() + "/down";
	}

	public static String blob(DeviceId id, String sha256) {
		return ROOT + id.value() + "/blob/" + sha256;
	}

	public static String status(DeviceId id) {
		return ROOT + id.value() + "/status";
	}

	/** The filters the platform subscribes to. */
	public static final String ALL_UP = ROOT + "+/up";
	public static final String ALL_BLOBS = ROOT + "+/blob/+";
	public static final String ALL_STATUS = ROOT + "+/status";

	/** The device id in a topic under {@link #ROOT}, or null when the topic is not one of ours. */
	public static DeviceId deviceOf(String topic) {
		if (topic == null || !topic.startsWith(ROOT)) {
			return null;
		}
		int end = topic.indexOf('/', ROOT.length());
		if (end < 0) {
			return null;
		}
		try {
			return DeviceId.of(topic.substring(ROOT.length(), end));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
