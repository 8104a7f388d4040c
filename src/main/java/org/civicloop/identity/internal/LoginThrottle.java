package org.civicloop.identity.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Back-off and lock-out after repeated failures. From the {@link #BACKOFF_AFTER}th consecutive
 * failure the next attempt must wait 1, 2, 4 … seconds; from the {@link #LOCK_AFTER}th the account
 * is locked for {@link #LOCK_FOR}. A success resets the count. Attempts made while waiting are
 * refused without looking at the password, so guessing gains nothing from speed.
 */
public final class LoginThrottle {

	public static final int BACKOFF_AFTER = 3;
	public static final int LOCK_AFTER = 5;
	public static final Duration LOCK_FOR = Duration.ofMinutes(15);

	public enum Verdict { ALLOW, BACKOFF, LOCKED }

	private LoginThrottle() {
	}

	public static Verdict check(int failures, Instant lastFailedAt, Instant lockedUntil, Instant now) {
		if (lockedUntil != null && now.isBefore(lockedUntil)) {
			return Verdict.LOCKED;
		}
		if (failures >= BACKOFF_AFTER && lastFailedAt != null && now.isBefore(lastFailedAt.plus(backoff(failures)))) {
			return Verdict.BACKOFF;
		}
		return Verdict.ALLOW;
	}

	/** How long to wait after {@code failures} consecutive failures (zero below the threshold). */
	public static Duration backoff(int failures) {
		if (failures < BACKOFF_AFTER) {
			return Duration.ZERO;
		}
		return Duration.ofSeconds(1L << Math.min(failures - BACKOFF_AFTER, 10));
	}

	/** The lock that a failure bringing the count to {@code failures} imposes, or null. */
	public static Instant lockAfterFailure(int failures, Instant now) {
		return failures >= LOCK_AFTER ? now.plus(LOCK_FOR) : null;
	}
}
