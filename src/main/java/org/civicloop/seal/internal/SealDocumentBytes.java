package org.civicloop.seal.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.civicloop.platform.DataFolder;
import org.springframework.stereotype.Component;

/**
 * The bytes of documents to be stamped, by SHA-256, under {@code <data>/seal-documents}. Kept
 * behind this small class so it can later be pointed at the platform's shared content store.
 */
@Component
class SealDocumentBytes {

	private final DataFolder data;

	SealDocumentBytes(DataFolder data) {
		this.data = data;
	}

	void put(String sha256, byte[] content) {
		Path file = path(sha256);
		try {
			if (Files.exists(file)) {
				return;
			}
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), sha256, ".tmp");
			Files.write(tmp, content);
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot store seal document " + sha256, e);
		}
	}

	Optional<byte[]> get(String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			return Optional.empty();
		}
		try {
			Path file = path(sha256);
			return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read seal document " + sha256, e);
		}
	}

	private Path path(String sha) {
		return data.resolve("seal-documents").resolve(sha.substring(0, 2)).resolve(sha);
	}
}
