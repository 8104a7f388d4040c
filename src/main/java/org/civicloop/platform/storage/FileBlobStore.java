package org.civicloop.platform.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.civicloop.platform.DataFolder;
import org.springframework.stereotype.Component;

/**
 * Content-addressed files under {@code <data>/attachments/ab/cd/<sha256>} (the folder keeps its
 * first user's name so that existing installations keep their files). A file is written to a
 * temporary name and moved into place, so a reader never sees half a file; a file whose database
 * row was rolled back is an unreferenced blob, harmless and never served.
 */
@Component
class FileBlobStore implements BlobStore {

	private final DataFolder data;

	FileBlobStore(DataFolder data) {
		this.data = data;
	}

	@Override
	public String put(byte[] content) {
		String sha = BlobStore.sha256(content);
		Path file = path(sha);
		try {
			if (Files.exists(file)) {
				return sha;
			}
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), sha, ".tmp");
			Files.write(tmp, content);
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return sha;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot store blob " + sha, e);
		}
	}

	@Override
	public Optional<byte[]> get(String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			return Optional.empty();
		}
		Path file = path(sha256);
		try {
			return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read blob " + sha256, e);
		}
	}

	@Override
	public boolean exists(String sha256) {
		return sha256 != null && sha256.matches("[0-9a-f]{64}") && Files.exists(path(sha256));
	}

	private Path path(String sha) {
		return data.resolve("attachments/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha);
	}
}
