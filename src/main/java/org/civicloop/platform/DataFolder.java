package org.civicloop.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * The data folder ({@code civicloop.data-dir}, {@code ./data} by default): the embedded
 * database, generated keys, stored files. Keys are created on first use and kept, readable by the
 * owner only, so that tokens and signatures stay valid across restarts.
 */
@Component
public class DataFolder {

	private final Path root;

	public DataFolder(CivicLoopProperties props) {
		this.root = props.dataDir().toAbsolutePath().normalize();
	}

	public Path root() {
		return root;
	}

	public Path resolve(String relative) {
		Path p = root.resolve(relative).normalize();
		if (!p.startsWith(root)) {
			throw new IllegalArgumentException("Path escapes the data folder: " + relative);
		}
		return p;
	}

	/** Random bytes kept in {@code keys/<name>}, generated on first call. */
	public synchronized byte[] secret(String name, int length) {
		return keyFile(name, () -> {
			byte[] b = new byte[length];
			new SecureRandom().nextBytes(b);
			return b;
		});
	}

	/** The content of {@code keys/<name>}, created by {@code generator} when missing. */
	public synchronized byte[] keyFile(String name, Supplier<byte[]> generator) {
		Path file = resolve("keys/" + name);
		try {
			if (Files.exists(file)) {
				return Files.readAllBytes(file);
			}
			Files.createDirectories(file.getParent());
			byte[] content = generator.get();
			Path tmp = Files.createTempFile(file.getParent(), name, ".tmp");
			Files.write(tmp, content);
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException notPosix) {
				// Windows: rely on the folder's ACL
			}
			Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return content;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read or create key " + file, e);
		}
	}

}
