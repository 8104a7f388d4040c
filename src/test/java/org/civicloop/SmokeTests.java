package org.civicloop;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CivicLoopTest
class SmokeTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Test
	void cityHasThirteenDistricts() throws Exception {
		mvc.perform(get("/api/v1/territory/330100").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.code").value("330100"))
			.andExpect(jsonPath("$.level").value("CITY"))
			.andExpect(jsonPath("$.children.length()").value(13));
	}

	@Test
	void healthIsUp() throws Exception {
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
	}
}
