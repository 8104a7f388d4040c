package org.civicloop.open311;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicloop.open311.internal.ApiKeys;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Issuing and revoking Open311 keys through the admin page, with real sessions. */
@CivicLoopTest
class Open311AdminPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	MockHttpSession login(String username) throws Exception {
		return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestTokens.PASSWORD))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	@Test
	void onlyAdministrators() throws Exception {
		mvc.perform(get("/admin/open311")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/open311").session(login("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(post("/admin/open311").with(csrf()).session(login("resident1")).param("label", "x"))
			.andExpect(status().isForbidden());
	}

	@Test
	void theDemoKeyIsListedButNeverItsClearText() throws Exception {
		mvc.perform(get("/admin/open311").session(login("admin")).header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Open311 API keys")))
			.andExpect(content().string(containsString("Demo client")))
			.andExpect(content().string(containsString("demo-open")))
			.andExpect(content().string(not(containsString("demo-open311-key"))));
		assertThat(jdbc.sql("SELECT key_hash FROM open311_api_key WHERE demo").query(String.class).single())
			.hasSize(64)
			.isNotEqualTo("demo-open311-key");
	}

	@Test
	void issueUseAndRevoke() throws Exception {
		MockHttpSession admin = login("admin");
		String page = mvc.perform(post("/admin/open311").with(csrf()).session(admin).param("label", "西湖区随手拍"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andExpect(content().string(containsString("无法再次查看")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher m = Pattern.compile("id=\"clear-key\">(o311_[A-Za-z0-9_-]{43})<").matcher(page);
		assertThat(m.find()).as(page).isTrue();
		String key = m.group(1);
		assertThat(jdbc.sql("SELECT count(*) FROM open311_api_key WHERE key_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")
			.param(key)
			.query(Long.class)
			.single()).isEqualTo(1);

		// the key passes the key check (the answer is then 400 for the empty form, or 503 without work orders)
		int status = mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("api_key", key))
			.andReturn().getResponse().getStatus();
		assertThat(status).isNotEqualTo(403);

		mvc.perform(get("/admin/open311").session(admin)).andExpect(content().string(not(containsString(key))));
		String id = jdbc.sql("SELECT id::text FROM open311_api_key WHERE label = '西湖区随手拍'").query(String.class).single();
		mvc.perform(post("/admin/open311/" + id + "/revoke").with(csrf()).session(admin)).andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT revoked_by FROM open311_api_key WHERE id = ?::uuid").param(id).query(String.class).single())
			.isEqualTo("admin");
		mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("api_key", key))
			.andExpect(status().isForbidden());
	}

	@Test
	void aLabelIsRequired() throws Exception {
		mvc.perform(post("/admin/open311").with(csrf()).session(login("admin")).param("label", "  "))
			.andExpect(status().isUnprocessableContent());
		assertThat(ApiKeys.DEMO_KEY).isEqualTo("demo-open311-key");
	}
}
