package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.civicloop.workorder.Channel;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicloop.workorder.WorkOrderState.*;

/** Every action from every state: allowed ones move to the expected state, the rest are refused (409). */
class WorkOrderStateMachineTests {

	static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

	static WorkOrder in(WorkOrderState state) {
		WorkOrder o = new WorkOrder(UUID.randomUUID(), 1L, "HZ20261127-000001", "noise", "loud", "330102014001", 30.2,
				120.2, null, Channel.API, Priority.GENERAL, state, false, UUID.randomUUID(), null, null, null, null, NOW);
		return o;
	}

	static WorkOrder other() {
		return in(SUBMITTED);
	}

	record Case(String action, Consumer<WorkOrder> run, Set<WorkOrderState> allowed, Map<WorkOrderState, WorkOrderState> to) {
	}

	static final Set<WorkOrderState> OPEN = EnumSet.of(SUBMITTED, ACCEPTED, IN_PROGRESS, RETURNED);

	static List<Case> cases() {
		return List.of(
				new Case("accept", o -> o.accept("a", NOW), EnumSet.of(SUBMITTED), Map.of(SUBMITTED, ACCEPTED)),
				new Case("transfer", o -> o.transfer("燃气公司", "wrong unit", "a", NOW, NOW),
						EnumSet.of(SUBMITTED, ACCEPTED, RETURNED), Map.of(SUBMITTED, SUBMITTED, ACCEPTED, SUBMITTED, RETURNED, SUBMITTED)),
				new Case("return", o -> o.returnToDispatcher("not ours", "a", NOW),
						EnumSet.of(SUBMITTED, ACCEPTED, IN_PROGRESS), Map.of(SUBMITTED, RETURNED, ACCEPTED, RETURNED, IN_PROGRESS, RETURNED)),
				new Case("reject", o -> o.reject("civil court matter", "a", NOW), EnumSet.of(SUBMITTED, RETURNED),
						Map.of(SUBMITTED, REJECTED, RETURNED, REJECTED)),
				new Case("start", o -> o.start("a", NOW), EnumSet.of(ACCEPTED), Map.of(ACCEPTED, IN_PROGRESS)),
				new Case("reply", o -> o.reply("fixed", "a", NOW), EnumSet.of(ACCEPTED, IN_PROGRESS),
						Map.of(ACCEPTED, REPLIED, IN_PROGRESS, REPLIED)),
				new Case("rate-good", o -> o.rate(5, true, null, "r", NOW), EnumSet.of(REPLIED), Map.of(REPLIED, CLOSED)),
				new Case("rate-poor", o -> o.rate(2, true, null, "r", NOW), EnumSet.of(REPLIED), Map.of(REPLIED, RATED)),
				new Case("close", o -> o.close("a", NOW), EnumSet.of(REPLIED, RATED), Map.of(REPLIED, CLOSED, RATED, CLOSED)),
				new Case("merge", o -> o.mergeInto(other(), "a", NOW), OPEN,
						Map.of(SUBMITTED, MERGED, ACCEPTED, MERGED, IN_PROGRESS, MERGED, RETURNED, MERGED)),
				new Case("escalate", o -> o.escalate("slow", "a", NOW), OPEN,
						Map.of(SUBMITTED, SUBMITTED, ACCEPTED, ACCEPTED, IN_PROGRESS, IN_PROGRESS, RETURNED, RETURNED)),
				new Case("joint", o -> o.handleJointly("城管局", List.of("燃气公司"), "a", NOW), OPEN,
						Map.of(SUBMITTED, SUBMITTED, ACCEPTED, ACCEPTED, IN_PROGRESS, IN_PROGRESS, RETURNED, RETURNED)),
				new Case("pause", o -> o.pause("need access", "a", NOW), EnumSet.of(ACCEPTED, IN_PROGRESS),
						Map.of(ACCEPTED, ACCEPTED, IN_PROGRESS, IN_PROGRESS)));
	}

	static Stream<Arguments> everyActionFromEveryState() {
		return cases().stream().flatMap(c -> Stream.of(WorkOrderState.values()).map(s -> Arguments.of(c.action(), s, c)));
	}

	@ParameterizedTest(name = "{0} from {1}")
	@MethodSource("everyActionFromEveryState")
	void transition(String action, WorkOrderState from, Case c) {
		WorkOrder o = in(from);
		if (c.allowed().contains(from)) {
			c.run().accept(o);
			assertThat(o.state()).isEqualTo(c.to().get(from));
			assertThat(o.drainSteps()).isNotEmpty().allSatisfy(s -> assertThat(s.action()).isNotBlank());
		}
		else {
			assertThatThrownBy(() -> c.run().accept(o)).isInstanceOf(IllegalStateException.class);
			assertThat(o.state()).isEqualTo(from);
			assertThat(o.drainSteps()).isEmpty();
		}
	}

	@Test
	void reopenOnlyAfterAPoorRatingOrNotSolved() {
		WorkOrder good = in(REPLIED);
		good.rate(4, true, "ok", "r", NOW);
		assertThat(good.state()).isEqualTo(CLOSED);
		assertThatThrownBy(() -> good.reopen("again", "r", NOW, NOW)).isInstanceOf(IllegalStateException.class);

		WorkOrder poor = in(REPLIED);
		poor.rate(2, true, "still broken", "r", NOW);
		assertThat(poor.mayReopen()).isTrue();
		poor.reopen("still broken", "r", NOW.plusSeconds(3600), NOW);
		assertThat(poor.state()).isEqualTo(IN_PROGRESS);
		assertThat(poor.reopenCount()).isEqualTo(1);
		assertThat(poor.rating()).isNull();

		WorkOrder notSolved = in(REPLIED);
		notSolved.rate(4, false, null, "r", NOW);
		assertThat(notSolved.state()).isEqualTo(RATED);
		notSolved.reopen("not solved", "r", NOW, NOW);
		assertThat(notSolved.state()).isEqualTo(IN_PROGRESS);

		for (WorkOrderState s : WorkOrderState.values()) {
			if (s != RATED) {
				assertThatThrownBy(() -> in(s).reopen("x", "r", NOW, NOW)).as("reopen from %s", s)
					.isInstanceOf(IllegalStateException.class);
			}
		}
	}

	@Test
	void reasonsAndRatingsAreChecked() {
		assertThatThrownBy(() -> in(SUBMITTED).reject(" ", "a", NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> in(SUBMITTED).returnToDispatcher(null, "a", NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> in(REPLIED).rate(0, true, null, "r", NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> in(REPLIED).rate(6, true, null, "r", NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> in(ACCEPTED).reply("x".repeat(4001), "a", NOW)).isInstanceOf(IllegalArgumentException.class);
		WorkOrder o = in(SUBMITTED);
		assertThatThrownBy(() -> o.mergeInto(o, "a", NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> o.mergeInto(in(CLOSED), "a", NOW)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void rejectionReasonIsPublic() {
		WorkOrder o = in(SUBMITTED);
		o.reject("属于司法程序 a court matter", "a", NOW);
		assertThat(o.publicReason()).isEqualTo("属于司法程序 a court matter");
		assertThat(o.drainSteps()).singleElement().satisfies(s -> assertThat(s.publicText()).contains("court"));
	}

	@Test
	void pausedClockIsNotFlaggedAndResumeCountsThePause() {
		WorkOrder o = in(ACCEPTED);
		o.pause("waiting for access", "a", NOW);
		assertThatThrownBy(() -> o.pause("again", "a", NOW)).isInstanceOf(IllegalStateException.class);
		assertThat(o.markOverdue(NOW.plusSeconds(999_999))).isFalse();
		o.resume("a", NOW.plusSeconds(7200), Duration.ofHours(1));
		assertThat(o.pausedSeconds()).isEqualTo(3600);
		assertThat(o.takePendingShift()).isEqualTo(Duration.ofHours(1));
		assertThatThrownBy(() -> o.resume("a", NOW, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void overdueEscalatesOnce() {
		WorkOrder o = in(ACCEPTED);
		assertThat(o.markOverdue(NOW)).isTrue();
		assertThat(o.markOverdue(NOW)).isFalse();
		assertThat(o.escalateBecauseOverdue(NOW)).isTrue();
		assertThat(o.escalateBecauseOverdue(NOW)).isFalse();
		assertThat(o.escalationLevel()).isEqualTo(1);
		assertThat(o.supervised()).isTrue();
	}
}
