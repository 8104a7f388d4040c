package org.civicloop.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Browser sessions of the demo accounts, logged in through the real login form. A test class keeps
 * one of these in a field: JUnit makes a new instance for every test method, so each test logs in
 * afresh and no session (its language, its flash attributes) leaks from one test into another.
 */
public final class LoginSessions {

	private final Map<String, MockHttpSession> sessions = new ConcurrentHashMap<>();

	/** The account's session of this holder, logged in on first use. */
	public MockHttpSession of(MockMvc mvc, String user) {
		return sessions.computeIfAbsent(user, u -> login(mvc, u));
	}

	/** A new session of the account. */
	public static MockHttpSession login(MockMvc mvc, String user) {
		try {
			MvcResult r = mvc.perform(formLogin("/login").user(user).password(TestTokens.PASSWORD))
				.andExpect(status().is3xxRedirection())
				.andReturn();
			assertThat(r.getResponse().getRedirectedUrl()).as("login of %s", user).doesNotContain("error");
			return (MockHttpSession) r.getRequest().getSession();
		}
		catch (Exception e) {
			throw new IllegalStateException("No session for " + user, e);
		}
	}
}
