package org.civicloop.device;

import java.time.Instant;

/**
 * The protocol layer refused or flagged a message. {@code deviceId} is null when the sender could
 * not be told (a payload that does not parse). {@code seq} is the message's sequence number when it
 * had one, else -1. {@code detail} is for people, in English, without secrets or payload bytes.
 */
public record DeviceAnomalyDetected(DeviceId deviceId, DeviceKind kind, String territoryCode, Type type, long seq,
		String detail, Instant at) {

	public enum Type {
		/** Not a JWS, not JSON, missing fields, over the size limit. */
		MALFORMED,
		/** A device id the registry does not know, or a message on another device's topic. */
		UNKNOWN_DEVICE,
		/** The signature does not verify with the device's key, or the key id is not the device's. */
		BAD_SIGNATURE,
		/** Signed with a revoked credential, or by a revoked or retired device. */
		REVOKED_CREDENTIAL,
		/** A sequence number at or below one already accepted, with different content. */
		REPLAY,
		/** Sequence numbers were skipped: the missing ones are in {@code detail}. */
		SEQUENCE_GAP,
		/** A photo whose bytes do not match the hash it was announced under. */
		BLOB_MISMATCH,
		/** No verified message for longer than the configured silence window. */
		SILENT
	}
}
