package org.civicloop.identity;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * Fresh accounts for tests that change state, because the application context (and its demo
 * accounts) is shared between test classes.
 */
class IdentityFixtures {

	static final String PASSWORD = "Fresh2026pw";
	private static final AtomicInteger SEQ = new AtomicInteger();

	private final UserAccounts accounts;
	private final PasswordEncoder encoder;
	private final JdbcClient jdbc;
	private final MockMvc mvc;

	IdentityFixtures(UserAccounts accounts, PasswordEncoder encoder, JdbcClient jdbc, MockMvc mvc) {
		this.accounts = accounts;
		this.encoder = encoder;
		this.jdbc = jdbc;
		this.mvc = mvc;
	}

	static String uniqueName(String prefix) {
		return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

	UserAccount user(String prefix, String territory, Role... roles) {
		UserAccount a = UserAccount.create(uniqueName(prefix), "测试用户 " + prefix, encoder.encode(PASSWORD), false);
		List.of(roles).forEach(a::grant);
		a.bindTo(TerritoryCode.of(territory));
		return accounts.save(a);
	}

	UserAccount reload(UserAccount a) {
		return accounts.findById(a.id()).orElseThrow();
	}

	UUID idOf(String username) {
		return accounts.findByUsername(username).orElseThrow().id();
	}

	/** Pretends the last failure happened long ago, so that the back-off is over. */
	void rewindLastFailure(String username) {
		jdbc.sql("UPDATE identity_user SET last_failed_at = last_failed_at - interval '1 hour' WHERE username = ?")
			.param(username)
			.update();
	}

	int failedAttempts(String username) {
		return jdbc.sql("SELECT failed_attempts FROM identity_user WHERE username = ?").param(username).query(Integer.class).single();
	}

	List<String> outcomes(String username) {
		return jdbc.sql("SELECT outcome FROM identity_login_event WHERE username = ? ORDER BY id")
			.param(username)
			.query(String.class)
			.list();
	}

	/** Signs in through the real login form and returns the session to reuse. */
	MockHttpSession login(String username, String password) throws Exception {
		return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(password))
			.andExpect(redirectedUrl("/"))
			.andReturn()
			.getRequest()
			.getSession(false);
	}
}
