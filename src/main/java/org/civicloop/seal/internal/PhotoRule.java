package org.civicloop.seal.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A stamped page's photo is uploaded separately and may arrive after the impression that names it;
 * it is MISSING only when none was announced or the grace period has passed without it.
 */
final class PhotoRule {

	enum PhotoState {
		OK, PENDING, MISSING
	}

	private PhotoRule() {
	}

	static PhotoState judge(String sha256, boolean received, Instant impressionReceivedAt, Instant now, Duration grace) {
		if (sha256 == null || sha256.isBlank()) {
			return PhotoState.MISSING;
		}
		if (received) {
			return PhotoState.OK;
		}
		return now.isBefore(impressionReceivedAt.plus(grace)) ? PhotoState.PENDING : PhotoState.MISSING;
	}
}
