package org.civicloop.simulator;

import java.time.Instant;

/**
 * One line of what a sleeve did, for the page's live log and the command's output. {@code seq} is
 * the message's sequence number, or -1 for lines that are not a message.
 */
public record SleeveLogEntry(Instant at, Direction direction, String type, long seq, String text) {

	public enum Direction {
		/** published on the up or blob topic */
		SENT,
		/** kept while offline */
		BUFFERED,
		/** a command from the platform */
		RECEIVED,
		/** what the sleeve did or refused, not on the wire */
		NOTE
	}

	@Override
	public String toString() {
		return at + " " + direction + " " + type + (seq >= 0 ? " #" + seq : "") + (text.isEmpty() ? "" : " " + text);
	}
}
