package org.civicloop;

import jakarta.servlet.http.Cookie;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The shell around the modules: error pages, operations endpoints, API docs and language. */
@CivicLoopTest
@Tag("external-db")
class ShellTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	MockHttpSession signIn(String username) throws Exception {
		MvcResult r = mvc.perform(formLogin("/login").user(username).password(TestTokens.PASSWORD))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrlPattern("/**"))
			.andReturn();
		assertThat(r.getResponse().getRedirectedUrl()).doesNotContain("error");
		return (MockHttpSession) r.getRequest().getSession(false);
	}

	// ── errors (those that go through the error dispatch are in ErrorResponsesHttpTests)

	@Test
	void anonymousPageVisitGoesToTheLoginPage() throws Exception {
		mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("/login")));
	}

	@Test
	void apiWithoutTokenIsA401Problem() throws Exception {
		mvc.perform(get("/api/v1/territory/330100"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void apiWithAForgedTokenIsA401Problem() throws Exception {
		mvc.perform(get("/api/v1/territory/330100").header("Authorization",
				"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void wrongPasswordIsA401Problem() throws Exception {
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"yf-culture\",\"password\":\"wrong\"}"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	// ── operations

	@Test
	void healthIsUp() throws Exception {
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
		mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
	}

	@Test
	void prometheusExposesMetrics() throws Exception {
		mvc.perform(get("/api/v1/me").header("Authorization", tokens.bearer("admin"))).andExpect(status().isOk());
		mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("jvm_memory_used_bytes")))
			.andExpect(content().string(containsString("hikaricp_connections")))
			.andExpect(content().string(containsString("application=\"civicloop\"")));
	}

	@Test
	void openApiListsTheApi() throws Exception {
		String json = mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode doc = JsonMapper.builder().build().readTree(json);
		assertThat(doc.path("openapi").asString()).startsWith("3.");
		assertThat(doc.path("paths").has("/api/v1/territory/{code}")).isTrue();
		assertThat(doc.path("paths").has("/api/v1/auth/token")).isTrue();
		assertThat(doc.path("paths").has("/api/v1/territory/{code}/people")).isTrue();
		// the bench profile's baseline endpoint is not part of the product
		assertThat(doc.path("paths").has("/api/v1/bench/constant")).isFalse();
	}

	@Test
	void swaggerUiLoads() throws Exception {
		mvc.perform(get("/swagger-ui/index.html"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("swagger-ui")));
		mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
	}

	// ── language

	@Test
	void acceptLanguageEnglishGivesEnglish() throws Exception {
		mvc.perform(get("/login").header("Accept-Language", "en-GB,en;q=0.9"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Sign in")))
			.andExpect(content().string(containsString("lang=\"en\"")));
	}

	@Test
	void noPreferenceGivesSimplifiedChinese() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("登录")))
			.andExpect(content().string(containsString("lang=\"zh-CN\"")));
	}

	@Test
	void unsupportedOrMalformedPreferenceFallsBackToChinese() throws Exception {
		mvc.perform(get("/login").header("Accept-Language", "fr-FR,de;q=0.8"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("lang=\"zh-CN\"")));
		mvc.perform(get("/login").header("Accept-Language", ";;;q=oops"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("lang=\"zh-CN\"")));
	}

	@Test
	void langParameterSetsACookieThatIsRemembered() throws Exception {
		MvcResult first = mvc.perform(get("/login").param("lang", "en"))
			.andExpect(status().isOk())
			.andExpect(cookie().exists("civicloop-lang"))
			.andExpect(content().string(containsString("Sign in")))
			.andReturn();
		Cookie lang = first.getResponse().getCookie("civicloop-lang");
		assertThat(lang.getMaxAge()).isGreaterThan(30 * 24 * 3600);
		// no parameter, and a browser that prefers Chinese: the cookie wins
		mvc.perform(get("/login").cookie(lang).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Sign in")))
			.andExpect(content().string(containsString("lang=\"en\"")));
		// and back
		MvcResult back = mvc.perform(get("/login").cookie(lang).param("lang", "zh-CN")).andReturn();
		Cookie zh = back.getResponse().getCookie("civicloop-lang");
		mvc.perform(get("/login").cookie(zh).header("Accept-Language", "en"))
			.andExpect(content().string(containsString("lang=\"zh-CN\"")));
	}

	@Test
	void signedInHomePageFollowsTheLanguage() throws Exception {
		MockHttpSession session = signIn("sjq-staff");
		mvc.perform(get("/").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("区划网格")));
		mvc.perform(get("/").session(session).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Territory")));
	}
}
