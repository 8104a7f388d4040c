package org.civicloop.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.civicloop.identity.internal.LoginThrottle.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LoginThrottleTests {

	static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
	static final Instant LOCKED_UNTIL = T0.plus(LoginThrottle.LOCK_FOR);

	static Stream<Arguments> verdicts() {
		return Stream.of(
				// failures, last failure, locked until, now, verdict
				arguments("never failed", 0, null, null, T0, Verdict.ALLOW),
				arguments("2 failures: no back-off yet", 2, T0, null, T0, Verdict.ALLOW),
				arguments("3rd failure: wait 1 s", 3, T0, null, T0, Verdict.BACKOFF),
				arguments("3 failures, 999 ms later", 3, T0, null, T0.plusMillis(999), Verdict.BACKOFF),
				arguments("3 failures, exactly 1 s later", 3, T0, null, T0.plusSeconds(1), Verdict.ALLOW),
				arguments("4 failures, 1 s later: wait 2 s", 4, T0, null, T0.plusSeconds(1), Verdict.BACKOFF),
				arguments("4 failures, exactly 2 s later", 4, T0, null, T0.plusSeconds(2), Verdict.ALLOW),
				arguments("5 failures: locked at once", 5, T0, LOCKED_UNTIL, T0, Verdict.LOCKED),
				arguments("5 failures, 1 ms before the lock ends", 5, T0, LOCKED_UNTIL, LOCKED_UNTIL.minusMillis(1),
						Verdict.LOCKED),
				arguments("5 failures, exactly when the lock ends", 5, T0, LOCKED_UNTIL, LOCKED_UNTIL, Verdict.ALLOW),
				arguments("an old lock long past", 7, T0, LOCKED_UNTIL, T0.plus(Duration.ofDays(1)), Verdict.ALLOW),
				arguments("back-off without a recorded time", 4, null, null, T0, Verdict.ALLOW),
				arguments("the back-off is capped at 1024 s", 40, T0, null, T0.plusSeconds(1024), Verdict.ALLOW),
				arguments("… and still applies just before", 40, T0, null, T0.plusSeconds(1023), Verdict.BACKOFF));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void verdicts(String name, int failures, Instant lastFailedAt, Instant lockedUntil, Instant now, Verdict expected) {
		assertThat(LoginThrottle.check(failures, lastFailedAt, lockedUntil, now)).isEqualTo(expected);
	}

	static Stream<Arguments> backoffs() {
		return Stream.of(arguments(0, 0), arguments(2, 0), arguments(3, 1), arguments(4, 2), arguments(5, 4),
				arguments(13, 1024), arguments(100, 1024));
	}

	@ParameterizedTest(name = "{0} failures → wait {1} s")
	@MethodSource
	void backoffs(int failures, long seconds) {
		assertThat(LoginThrottle.backoff(failures)).isEqualTo(Duration.ofSeconds(seconds));
	}

	static Stream<Arguments> locks() {
		return Stream.of(arguments(1, null), arguments(4, null), arguments(5, LOCKED_UNTIL), arguments(6, LOCKED_UNTIL));
	}

	@ParameterizedTest(name = "failure number {0} locks until {1}")
	@MethodSource
	void locks(int failures, Instant until) {
		assertThat(LoginThrottle.lockAfterFailure(failures, T0)).isEqualTo(until);
	}
}
