package org.civicloop.device.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * What to do with a message whose signature verified, given the device's highest accepted
 * sequence number and what (if anything) is stored under the same number. The rules
 * (docs/device-protocol.md § Sequence numbers):
 * <ul>
 * <li>{@code seq = last + 1}: accepted;</li>
 * <li>{@code seq > last + 1}: accepted, and a SEQUENCE_GAP anomaly names {@code last+1 … seq-1};</li>
 * <li>{@code seq <= last}, nothing stored under it (a gap): accepted late, it fills the gap;</li>
 * <li>{@code seq <= last}, the same message (same JWS hash) stored less than the duplicate window
 * ago: a redelivery, ignored silently; stored longer ago: a REPLAY anomaly;</li>
 * <li>{@code seq <= last}, a different message stored under it: a REPLAY anomaly.</li>
 * </ul>
 */
public final class SequenceRules {

	public enum Verdict {
		ACCEPT, ACCEPT_WITH_GAP, FILL_GAP, DUPLICATE, REPLAY
	}

	/** What is stored under the message's seq: its JWS hash and when it was first received. */
	public record Stored(String jwsSha256, Instant receivedAt) {
	}

	public record Decision(Verdict verdict, long gapFrom, long gapTo) {

		public boolean accepted() {
			return verdict == Verdict.ACCEPT || verdict == Verdict.ACCEPT_WITH_GAP || verdict == Verdict.FILL_GAP;
		}
	}

	private SequenceRules() {
	}

	/**
	 * @param seq the message's sequence number (at least 1; the caller refuses others as malformed)
	 * @param lastSeq the highest accepted so far (0: none)
	 * @param stored what is stored under {@code seq}, or null; only looked at when {@code seq <= lastSeq}
	 */
	public static Decision decide(long seq, String jwsSha256, long lastSeq, Stored stored, Instant now,
			Duration duplicateWindow) {
		if (seq == lastSeq + 1) {
			return new Decision(Verdict.ACCEPT, 0, 0);
		}
		if (seq > lastSeq + 1) {
			return new Decision(Verdict.ACCEPT_WITH_GAP, lastSeq + 1, seq - 1);
		}
		if (stored == null) {
			return new Decision(Verdict.FILL_GAP, 0, 0);
		}
		if (stored.jwsSha256().equals(jwsSha256)
				&& now.isBefore(stored.receivedAt().plus(duplicateWindow))) {
			return new Decision(Verdict.DUPLICATE, 0, 0);
		}
		return new Decision(Verdict.REPLAY, 0, 0);
	}

	/** "5", "5-7" for the anomaly's detail. */
	public static String range(long from, long to) {
		return from == to ? Long.toString(from) : from + "-" + to;
	}
}
