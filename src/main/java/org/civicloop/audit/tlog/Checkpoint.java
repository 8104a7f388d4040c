package org.civicloop.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A C2SP tlog-checkpoint body: the origin line, the tree size in decimal and the base64 root hash,
 * each followed by a newline. Extension lines are allowed by the spec but this log writes none and
 * the parser ignores them.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

	public Checkpoint {
		if (origin == null || origin.isBlank() || origin.contains("\n")) {
			throw new IllegalArgumentException("origin must be one non-empty line");
		}
		if (size < 0) {
			throw new IllegalArgumentException("negative tree size");
		}
		if (rootHash == null || rootHash.length != Rfc6962.HASH_SIZE) {
			throw new IllegalArgumentException("root hash must be 32 bytes");
		}
	}

	public String body() {
		return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
	}

	public byte[] bodyBytes() {
		return body().getBytes(StandardCharsets.UTF_8);
	}

	public static Checkpoint parse(String body) {
		if (!body.endsWith("\n")) {
			throw new IllegalArgumentException("checkpoint body must end with a newline");
		}
		String[] lines = body.split("\n", -1);
		if (lines.length < 4) {
			throw new IllegalArgumentException("checkpoint body needs origin, size and root lines");
		}
		if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
			throw new IllegalArgumentException("tree size is not a decimal number: " + lines[1]);
		}
		return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
	}
}
