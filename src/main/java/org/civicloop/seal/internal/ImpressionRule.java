package org.civicloop.seal.internal;

import java.time.Instant;

import org.civicloop.seal.SealAnomalyType;

/**
 * Whether one impression reported by a sleeve is covered by the authorisation it names. The
 * device's own clock decides (an offline batch arrives late but happened when it says); the
 * platform's checks of that clock are the device layer's (signatures, sequence).
 */
final class ImpressionRule {

	/** The authorisation as it stood before this impression; {@code null} when there is none. */
	record Authorisation(AuthorisationState state, int impressions, int used, Instant notBefore, Instant expiresAt) {
	}

	/** COUNTED impressions use up one of the authorised; the others raise {@code anomaly}. */
	record Verdict(boolean counted, boolean completes, SealAnomalyType anomaly) {

		static final Verdict COUNTED = new Verdict(true, false, null);
		static final Verdict COMPLETING = new Verdict(true, true, null);

		static Verdict flag(SealAnomalyType type) {
			return new Verdict(false, false, type);
		}
	}

	private ImpressionRule() {
	}

	static Verdict judge(Authorisation auth, Instant deviceTime) {
		if (auth == null || auth.state() == AuthorisationState.REJECTED || auth.state() == AuthorisationState.CANCELLED
				|| deviceTime.isBefore(auth.notBefore())) {
			return Verdict.flag(SealAnomalyType.WITHOUT_AUTHORISATION);
		}
		if (!deviceTime.isBefore(auth.expiresAt())) {
			return Verdict.flag(SealAnomalyType.AFTER_EXPIRY);
		}
		if (auth.used() >= auth.impressions()) {
			return Verdict.flag(SealAnomalyType.BEYOND_AUTHORISATION);
		}
		return auth.used() + 1 == auth.impressions() ? Verdict.COMPLETING : Verdict.COUNTED;
	}
}
