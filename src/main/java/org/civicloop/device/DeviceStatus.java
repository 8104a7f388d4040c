package org.civicloop.device;

/**
 * REGISTERED has no credential yet; ACTIVE has one; REVOKED had its credential revoked (nothing it
 * sends is accepted until a new one is issued); RETIRED is out of service for good.
 */
public enum DeviceStatus {
	REGISTERED, ACTIVE, REVOKED, RETIRED
}
