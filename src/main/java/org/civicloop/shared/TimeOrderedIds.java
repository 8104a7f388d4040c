package org.civicloop.shared;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. For the keys of
 * tables that grow fast (work orders): a random version-4 key puts every insert on a random page of
 * the primary-key index, so a busy intake dirties, logs in full after each checkpoint and caches the
 * whole index; time-ordered keys land on its last pages. The random bits still make an id
 * unguessable, which matters nowhere for access (every read is checked) but costs nothing to keep.
 */
public final class TimeOrderedIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TimeOrderedIds() {
	}

	public static UUID next() {
		return at(System.currentTimeMillis());
	}

	static UUID at(long unixMillis) {
		byte[] r = new byte[10];
		RANDOM.nextBytes(r);
		long msb = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | ((r[0] & 0x0F) << 8) | (r[1] & 0xFF);
		long lsb = 0x8000_0000_0000_0000L | (r[2] & 0x3FL) << 56;
		for (int i = 3; i < 10; i++) {
			lsb |= (r[i] & 0xFFL) << (8 * (9 - i));
		}
		return new UUID(msb, lsb);
	}
}
