package org.civicloop.identity;

import java.util.List;

import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CivicLoopTest
class UserApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	JdbcClient jdbc;

	String streetAdminBearer() throws Exception {
		String u = new IdentityFixtures(accounts, encoder, jdbc, mvc).user("sjq-api-admin", "330102014000", Role.ADMIN)
			.username();
		String body = mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + u + "\",\"password\":\"" + IdentityFixtures.PASSWORD + "\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return "Bearer " + body.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}

	@Test
	void onlyAdministratorsList() throws Exception {
		mvc.perform(get("/api/v1/users").header("Authorization", tokens.bearer("resident1"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/users").header("Authorization", tokens.bearer("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/users")).andExpect(status().isUnauthorized());
	}

	@Test
	void theCityAdministratorSeesEveryoneWithoutPasswordHashes() throws Exception {
		String body = mvc.perform(get("/api/v1/users?size=100").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].username", hasItem("sq-staff")))
			.andExpect(jsonPath("$.items[*].username", hasItem("xy-clerk")))
			.andExpect(jsonPath("$.size").value(100))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).doesNotContainIgnoringCase("password").doesNotContain("$2a$");
		mvc.perform(get("/api/v1/users?q=riverchief").header("Authorization", tokens.bearer("admin")))
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].roles[0]").value("RIVER_CHIEF"))
			.andExpect(jsonPath("$.items[0].territories[0]").value("330105012000"));
		mvc.perform(get("/api/v1/users?size=2&page=1").header("Authorization", tokens.bearer("admin")))
			.andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.page").value(1));
	}

	@Test
	void aStreetAdministratorSeesOnlyTheirStreet() throws Exception {
		String bearer = streetAdminBearer();
		mvc.perform(get("/api/v1/users?size=100").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].username", hasItem("sjq-staff")))
			.andExpect(jsonPath("$.items[*].username", hasItem("resident1")))
			.andExpect(jsonPath("$.items[*].username", not(hasItem("sq-staff"))))
			.andExpect(jsonPath("$.items[*].username", not(hasItem("admin"))));
		List<String> codes = com.jayway.jsonpath.JsonPath.read(mvc
			.perform(get("/api/v1/users?size=100").header("Authorization", bearer))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.items[*].territories[*]");
		assertThat(codes).isNotEmpty().allMatch(c -> c.startsWith("330102014"));

		mvc.perform(get("/api/v1/users/" + accounts.findByUsername("sq-staff").orElseThrow().id()).header("Authorization", bearer))
			.andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/users/" + accounts.findByUsername("sjq-staff").orElseThrow().id()).header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.username").value("sjq-staff"));
	}

	@Test
	void badParametersAre400AndUnknownIds404() throws Exception {
		mvc.perform(get("/api/v1/users?size=1000").header("Authorization", tokens.bearer("admin"))).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/users?page=-1").header("Authorization", tokens.bearer("admin"))).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/users/not-a-uuid").header("Authorization", tokens.bearer("admin"))).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/users/" + java.util.UUID.randomUUID()).header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isNotFound());
	}
}
