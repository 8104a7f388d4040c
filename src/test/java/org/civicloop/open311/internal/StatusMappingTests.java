package org.civicloop.open311.internal;

import java.util.EnumSet;

import org.civicloop.workorder.WorkOrderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of docs/open311.md and the module's package-info, row by row. */
class StatusMappingTests {

	@ParameterizedTest(name = "{0} → {1} / {2}")
	@CsvSource(textBlock = """
			SUBMITTED,   open,   OPEN
			ACCEPTED,    open,   ACTION_SCHEDULED
			IN_PROGRESS, open,   IN_PROGRESS
			RETURNED,    open,   INVESTIGATING
			REPLIED,     closed, FIXED
			RATED,       closed, FIXED
			CLOSED,      closed, FIXED
			REJECTED,    closed, NOT_COUNCILS_RESPONSIBILITY
			MERGED,      closed, DUPLICATE
			""")
	void mapping(WorkOrderState state, String status, String extended) {
		assertThat(StatusMapping.status(state)).isEqualTo(status);
		assertThat(StatusMapping.extended(state)).isEqualTo(extended);
	}

	@Test
	void everyStateHasARowAndOpenAgreesWithTheWorkOrderModule() {
		for (WorkOrderState s : EnumSet.allOf(WorkOrderState.class)) {
			assertThat(StatusMapping.status(s)).isEqualTo(s.isOpen() ? "open" : "closed");
			assertThat(StatusMapping.extended(s)).matches("[A-Z_]+");
		}
	}
}
