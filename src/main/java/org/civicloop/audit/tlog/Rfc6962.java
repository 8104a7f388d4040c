package org.civicloop.audit.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of RFC 6962 §2.1 (kept in RFC 9162 §2.1.1): SHA-256 with domain separation between
 * leaves ({@code 0x00}) and interior nodes ({@code 0x01}), so that a leaf can never be passed off
 * as a node or the other way round.
 */
public final class Rfc6962 {

	public static final int HASH_SIZE = 32;

	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	});

	private Rfc6962() {
	}

	/** MTH({}) — the hash of the empty tree. */
	public static byte[] emptyRoot() {
		return SHA256.get().digest(new byte[0]);
	}

	/** MTH({d}) = SHA-256(0x00 || d). */
	public static byte[] leafHash(byte[] leafInput) {
		MessageDigest md = SHA256.get();
		md.update((byte) 0x00);
		return md.digest(leafInput);
	}

	/** SHA-256(0x01 || left || right). */
	public static byte[] nodeHash(byte[] left, byte[] right) {
		MessageDigest md = SHA256.get();
		md.update((byte) 0x01);
		md.update(left);
		return md.digest(right);
	}

	/** The largest power of two smaller than {@code n} (the split point k of RFC 6962), for n > 1. */
	public static long split(long n) {
		if (n < 2) {
			throw new IllegalArgumentException("no split for n < 2");
		}
		return Long.highestOneBit(n - 1);
	}
}
