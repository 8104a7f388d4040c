package org.civicloop.device.internal;

import java.time.Instant;

import org.civicloop.device.DeviceAnomalyDetected.Type;
import org.civicloop.device.DeviceStatus;
import org.civicloop.platform.storage.BlobStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Photos and other blobs a device uploads under the SHA-256 of their bytes. The bytes are checked
 * against the name (BLOB_MISMATCH otherwise) and stored content-addressed in the platform's
 * {@link BlobStore}; the event that refers to a photo carries the same hash, so a photo is linked
 * to its impression whichever arrives first.
 */
@Component
public class BlobIntake {

	public static final int MAX_BYTES = 5 * 1024 * 1024;

	public enum Result {
		STORED, REFUSED
	}

	private final BlobStore blobs;
	private final DeviceDirectory directory;
	private final Anomalies anomalies;
	private final TransactionTemplate tx;

	BlobIntake(BlobStore blobs, DeviceDirectory directory, Anomalies anomalies, TransactionTemplate tx) {
		this.blobs = blobs;
		this.directory = directory;
		this.anomalies = anomalies;
		this.tx = tx;
	}

	public Result accept(String device, String sha256, byte[] bytes) {
		DeviceDirectory.Entry entry = device == null ? null : directory.get(device);
		if (entry == null) {
			raise(null, device, Type.UNKNOWN_DEVICE, "blob from an unregistered device");
			return Result.REFUSED;
		}
		if (entry.status() != DeviceStatus.ACTIVE) {
			raise(entry, device, Type.REVOKED_CREDENTIAL, "blob from a device that is " + entry.status());
			return Result.REFUSED;
		}
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			raise(entry, device, Type.MALFORMED, "a blob is named by the lower-case hex SHA-256 of its bytes");
			return Result.REFUSED;
		}
		if (bytes == null || bytes.length == 0 || bytes.length > MAX_BYTES) {
			raise(entry, device, Type.MALFORMED, "a blob has 1 to " + MAX_BYTES + " bytes");
			return Result.REFUSED;
		}
		String actual = BlobStore.sha256(bytes);
		if (!actual.equals(sha256)) {
			raise(entry, device, Type.BLOB_MISMATCH, "blob announced as " + sha256 + " has SHA-256 " + actual);
			return Result.REFUSED;
		}
		blobs.put(bytes);
		return Result.STORED;
	}

	private void raise(DeviceDirectory.Entry entry, String device, Type type, String detail) {
		tx.executeWithoutResult(s -> anomalies.raise(device, entry == null ? null : entry.kind(),
				entry == null ? null : entry.territoryCode(), type, -1, detail, Instant.now()));
	}
}
