package org.civicloop.identity;

import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CivicLoopTest
class OidcOffByDefaultTests {

	@Autowired
	MockMvc mvc;

	@Test
	void noSingleSignOnUnlessSwitchedOn() throws Exception {
		mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(content().string(not(containsString("/oauth2/authorization"))));
		mvc.perform(get("/oauth2/authorization/provincial")).andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/login"));
	}
}
