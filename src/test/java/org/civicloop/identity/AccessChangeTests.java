package org.civicloop.identity;

import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** An administrator's change reaches sessions and tokens that already exist. */
@CivicLoopTest
class AccessChangeTests {

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

	void edit(UserAccount u, String role, boolean enabled) throws Exception {
		MockHttpSession admin = fx.login("admin", TestTokens.PASSWORD);
		var request = post("/admin/users/" + u.id()).session(admin)
			.with(csrf())
			.param("version", fx.reload(u).version().toString())
			.param("displayName", u.displayName())
			.param("roles", role);
		if (enabled) {
			request.param("enabled", "true");
		}
		mvc.perform(request).andExpect(redirectedUrl("/admin/users/" + u.id()));
	}

	String bearer(String username) throws Exception {
		String body = mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + username + "\",\"password\":\"" + IdentityFixtures.PASSWORD + "\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return "Bearer " + body.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	@Test
	void aRevokedRoleLeavesTheOpenSessionAtOnce() throws Exception {
		UserAccount u = fx.user("demoted", "330102014000", Role.ADMIN, Role.STREET_STAFF);
		MockHttpSession session = fx.login(u.username(), IdentityFixtures.PASSWORD);
		mvc.perform(get("/admin/users").session(session)).andExpect(status().isOk());

		edit(u, "STREET_STAFF", true);

		mvc.perform(get("/admin/users").session(session)).andExpect(status().isForbidden());
		mvc.perform(get("/").session(session)).andExpect(status().isOk()); // still signed in, with the new roles
	}

	@Test
	void disablingEndsSessionsAndTokens() throws Exception {
		UserAccount u = fx.user("disabled", "330102014000", Role.STREET_STAFF);
		MockHttpSession session = fx.login(u.username(), IdentityFixtures.PASSWORD);
		String bearer = bearer(u.username());
		mvc.perform(get("/api/v1/me").header("Authorization", bearer)).andExpect(status().isOk());

		edit(u, "STREET_STAFF", false);

		mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?expired"));
		mvc.perform(get("/login?expired")).andExpect(content().string(containsString("请重新登录")));
		mvc.perform(get("/api/v1/me").header("Authorization", bearer)).andExpect(status().isUnauthorized());
	}

	@Test
	void aTokenFromBeforeAChangeMustBeRenewed() throws Exception {
		UserAccount u = fx.user("renew", "330102014000", Role.STREET_STAFF);
		String old = bearer(u.username());

		edit(u, "COMMUNITY_STAFF", true);

		mvc.perform(get("/api/v1/me").header("Authorization", old)).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/v1/me").header("Authorization", bearer(u.username())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.roles[0]").value("COMMUNITY_STAFF"));
	}
}
