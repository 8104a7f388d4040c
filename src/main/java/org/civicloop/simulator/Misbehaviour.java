package org.civicloop.simulator;

import java.util.Locale;

/**
 * What a sleeve can be told to do wrong. All but {@link #TAMPER} are modes that stay on until turned
 * off; {@link #TAMPER} is an act (it sends one {@code tamper} event).
 */
public enum Misbehaviour {

	/** Stamping goes on after the n-th impression of an authorisation (k = n+1, n+2 …). */
	EXTRA_IMPRESSION,
	/** After each new message the previous one is sent again, byte for byte. */
	REPLAY,
	/** Messages are signed by someone else: a random key, then the real signature with flipped bits. */
	FORGED_SIGNATURE,
	/** The uplink is down: messages are kept and go out as one JSON array, in order, when it is back. */
	OFFLINE_BATCH,
	/** Someone opens the casing: one {@code tamper} event. */
	TAMPER,
	/** Impressions announce a photo hash whose bytes are never sent. */
	MISSING_PHOTO,
	/** The seal stamps with no authorisation in force. */
	STAMP_WITHOUT_AUTHORISATION,
	/** Each message skips two sequence numbers. */
	SEQUENCE_GAP,
	/** Stamping goes on after the authorisation expired. */
	STAMP_AFTER_EXPIRY,
	/**
	 * Each message reuses the previous sequence number with new content (a cloned or rolled-back
	 * device): what the platform calls a replay, unlike a verbatim duplicate.
	 */
	REUSED_SEQUENCE;

	/** The command-line spelling: {@code extra-impression}. */
	public String flag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Misbehaviour ofFlag(String flag) {
		for (Misbehaviour m : values()) {
			if (m.flag().equals(flag.trim().toLowerCase(Locale.ROOT))) {
				return m;
			}
		}
		throw new IllegalArgumentException("unknown misbehaviour: " + flag);
	}
}
