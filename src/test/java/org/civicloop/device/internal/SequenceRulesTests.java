package org.civicloop.device.internal;

import java.time.Duration;
import java.time.Instant;

import org.civicloop.device.internal.SequenceRules.Stored;
import org.civicloop.device.internal.SequenceRules.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sequence rules of docs/device-protocol.md as a table, boundaries included. */
class SequenceRulesTests {

	static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
	static final Duration WINDOW = Duration.ofMinutes(10);

	@ParameterizedTest(name = "seq {0} after {1}, stored {2} {3}s ago → {4} {5}-{6}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# seq | last | stored hash | stored age (s) | verdict         | gap from | gap to
			1     | 0    | -           | -              | ACCEPT          | 0        | 0
			2     | 1    | -           | -              | ACCEPT          | 0        | 0
			3     | 1    | -           | -              | ACCEPT_WITH_GAP | 2        | 2
			10    | 4    | -           | -              | ACCEPT_WITH_GAP | 5        | 9
			5     | 0    | -           | -              | ACCEPT_WITH_GAP | 1        | 4
			# at or below last, nothing stored: a gap being filled
			3     | 5    | -           | -              | FILL_GAP        | 0        | 0
			1     | 9    | -           | -              | FILL_GAP        | 0        | 0
			# the same message again: a redelivery inside the window, a replay after it
			4     | 5    | same        | 0              | DUPLICATE       | 0        | 0
			4     | 5    | same        | 599            | DUPLICATE       | 0        | 0
			4     | 5    | same        | 600            | REPLAY          | 0        | 0
			5     | 5    | same        | 3600           | REPLAY          | 0        | 0
			# other content under an accepted number: always a replay
			5     | 5    | other       | 0              | REPLAY          | 0        | 0
			1     | 5    | other       | 1              | REPLAY          | 0        | 0
			""")
	void table(long seq, long last, String stored, Long ageSeconds, Verdict verdict, long gapFrom, long gapTo) {
		Stored s = stored == null ? null
				: new Stored(stored.equals("same") ? "h" : "other-hash", NOW.minusSeconds(ageSeconds));
		SequenceRules.Decision d = SequenceRules.decide(seq, "h", last, s, NOW, WINDOW);
		assertThat(d.verdict()).isEqualTo(verdict);
		assertThat(d.gapFrom()).isEqualTo(gapFrom);
		assertThat(d.gapTo()).isEqualTo(gapTo);
		assertThat(d.accepted()).isEqualTo(verdict == Verdict.ACCEPT || verdict == Verdict.ACCEPT_WITH_GAP || verdict == Verdict.FILL_GAP);
	}

	@ParameterizedTest
	@CsvSource({ "5,5,5", "5,7,5-7" })
	void range(long from, long to, String text) {
		assertThat(SequenceRules.range(from, to)).isEqualTo(text);
	}
}
