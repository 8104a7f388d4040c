package org.civicloop.identity;

import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Throttling and recording of sign-in attempts, on fresh accounts. */
@CivicLoopTest
class SignInTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	JdbcClient jdbc;

	IdentityFixtures fx;

	@BeforeEach
	void fixtures() {
		fx = new IdentityFixtures(accounts, encoder, jdbc, mvc);
	}

	ResultActions token(String username, String password) throws Exception {
		return mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
	}

	@Test
	void wrongPasswordsCountUpBackOffAndLockEvenTheRightPasswordOut() throws Exception {
		String u = fx.user("lockme", "330102014000", Role.STREET_STAFF).username();

		token(u, "wrong-1").andExpect(status().isUnauthorized());
		assertThat(fx.failedAttempts(u)).isEqualTo(1);
		token(u, "wrong-2").andExpect(status().isUnauthorized());
		token(u, "wrong-3").andExpect(status().isUnauthorized());
		assertThat(fx.failedAttempts(u)).isEqualTo(3);

		// within the back-off even the right password is refused unseen, and the attempt does not count
		token(u, IdentityFixtures.PASSWORD).andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"))
			.andExpect(jsonPath("$.type").value("https://civicloop.example/problems/login-backoff"));
		assertThat(fx.failedAttempts(u)).isEqualTo(3);

		fx.rewindLastFailure(u);
		token(u, "wrong-4").andExpect(status().isUnauthorized());
		fx.rewindLastFailure(u);
		token(u, "wrong-5").andExpect(status().isUnauthorized());
		assertThat(fx.failedAttempts(u)).isEqualTo(5);
		assertThat(accounts.findByUsername(u).orElseThrow().lockedUntil()).isNotNull();

		fx.rewindLastFailure(u); // the back-off is over, the 15-minute lock is not
		token(u, IdentityFixtures.PASSWORD).andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "900"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.type").value("https://civicloop.example/problems/account-locked"));

		assertThat(fx.outcomes(u)).containsExactly("BAD_CREDENTIALS", "BAD_CREDENTIALS", "BAD_CREDENTIALS", "BACKOFF",
				"BAD_CREDENTIALS", "BAD_CREDENTIALS", "LOCKED");
	}

	@Test
	void aSuccessResetsTheCount() throws Exception {
		String u = fx.user("resetme", "330102014000", Role.STREET_STAFF).username();
		token(u, "wrong-1").andExpect(status().isUnauthorized());
		token(u, "wrong-2").andExpect(status().isUnauthorized());
		assertThat(fx.failedAttempts(u)).isEqualTo(2);

		token(u, IdentityFixtures.PASSWORD).andExpect(status().isOk());

		UserAccount a = accounts.findByUsername(u).orElseThrow();
		assertThat(a.failedAttempts()).isZero();
		assertThat(a.lastFailedAt()).isNull();
		assertThat(a.lastLoginAt()).isNotNull();
		assertThat(fx.outcomes(u)).containsExactly("BAD_CREDENTIALS", "BAD_CREDENTIALS", "SUCCESS");
	}

	@Test
	void unknownUsernamesAreRecordedWithoutAnAccount() throws Exception {
		String nobody = IdentityFixtures.uniqueName("nobody");
		token(nobody, "whatever1").andExpect(status().isUnauthorized());

		assertThat(jdbc.sql("SELECT count(*) FROM identity_login_event WHERE username = ? AND user_id IS NULL AND outcome = 'BAD_CREDENTIALS' AND channel = 'TOKEN'")
			.param(nobody)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void formAttemptsAreRecordedAndDisabledAccountsRefused() throws Exception {
		UserAccount a = fx.user("formuser", "330102014000", Role.STREET_STAFF);
		mvc.perform(formLogin("/login").user(a.username()).password("wrong-pw1")).andExpect(redirectedUrl("/login?error"));
		fx.login(a.username(), IdentityFixtures.PASSWORD);

		a = fx.reload(a);
		a.disable();
		accounts.save(a);
		mvc.perform(formLogin("/login").user(a.username()).password(IdentityFixtures.PASSWORD))
			.andExpect(redirectedUrl("/login?error"));
		token(a.username(), IdentityFixtures.PASSWORD).andExpect(status().isUnauthorized());

		assertThat(jdbc.sql("SELECT channel || ':' || outcome FROM identity_login_event WHERE username = ? ORDER BY id")
			.param(a.username())
			.query(String.class)
			.list()).containsExactly("FORM:BAD_CREDENTIALS", "FORM:SUCCESS", "FORM:DISABLED", "TOKEN:DISABLED");
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder formPost(String u, String password,
			MockHttpSession session) {
		return post("/login").param("username", u)
			.param("password", password)
			.session(session)
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf());
	}

	@Test
	void theLoginPageExplainsLockAndBackOffInTheReadersLanguage() throws Exception {
		String u = fx.user("pagelock", "330102014000", Role.STREET_STAFF).username();
		MockHttpSession session = new MockHttpSession();
		for (int i = 1; i <= 3; i++) {
			mvc.perform(formPost(u, "wrong-" + i, session))
				.andExpect(redirectedUrl("/login?error"));
		}
		mvc.perform(formPost(u, IdentityFixtures.PASSWORD, session))
			.andExpect(redirectedUrl("/login?error"));
		mvc.perform(get("/login?error").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("登录失败次数较多，请稍候几秒再试")));

		fx.rewindLastFailure(u);
		mvc.perform(formPost(u, "wrong-4", session));
		fx.rewindLastFailure(u);
		mvc.perform(formPost(u, "wrong-5", session));
		mvc.perform(formPost(u, IdentityFixtures.PASSWORD, session))
			.andExpect(redirectedUrl("/login?error"));
		mvc.perform(get("/login?error").session(session))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("登录失败次数过多，账号已临时锁定")));
		mvc.perform(get("/login?error").session(session).cookie(new jakarta.servlet.http.Cookie("civicloop-lang", "en")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Too many failed attempts: the account is locked")));
		assertThat(fx.outcomes(u)).endsWith("LOCKED");
	}
}
