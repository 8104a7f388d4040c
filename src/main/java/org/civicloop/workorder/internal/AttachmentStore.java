package org.civicloop.workorder.internal;

import java.util.Optional;

/**
 * Where attachment bytes live, addressed by their SHA-256 (hex). The default keeps them under
 * the data folder; another store (object storage) can replace the bean.
 */
public interface AttachmentStore {

	/** Stores the bytes (idempotent: the same content is one file) and returns their SHA-256. */
	String put(byte[] content);

	Optional<byte[]> get(String sha256);
}
