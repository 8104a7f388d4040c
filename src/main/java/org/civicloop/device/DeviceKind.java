package org.civicloop.device;

/** What a device is; the module that owns a kind reads its events from the feed. */
public enum DeviceKind {
	SEAL_SLEEVE, WATER_SENSOR
}
