package org.civicloop.simulator.web;

import java.util.Set;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The page is for anyone signed in while the platform runs in demo mode, otherwise for administrators. */
class SimulatorAccessTests {

	@ParameterizedTest(name = "demo={0} {1} → {2}")
	@CsvSource(textBlock = """
			true,  VILLAGE_CLERK, true
			false, VILLAGE_CLERK, false
			false, ADMIN,         true
			true,  ADMIN,         true
			true,  -,             false
			false, -,             false
			""")
	void mayUse(boolean demo, String role, boolean expected) {
		Jurisdiction j = role.equals("-") ? Jurisdiction.NONE
				: new Jurisdiction(UUID.randomUUID(), "u", Set.of(Role.valueOf(role)), Set.of());
		assertThat(SimulatorPages.mayUse(demo, j)).isEqualTo(expected);
	}
}
