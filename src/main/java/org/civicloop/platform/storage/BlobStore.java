package org.civicloop.platform.storage;

import java.util.Optional;

/**
 * Where stored files (work-order attachments, device photos) live, addressed by their SHA-256
 * (hex). The default keeps them under the data folder; another store (object storage) can replace
 * the bean.
 */
public interface BlobStore {

	/** Stores the bytes (idempotent: the same content is one file) and returns their SHA-256. */
	String put(byte[] content);

	Optional<byte[]> get(String sha256);

	/** Whether bytes with this SHA-256 are stored. */
	boolean exists(String sha256);

	/** The SHA-256 (lower-case hex) of {@code content}. */
	static String sha256(byte[] content) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
