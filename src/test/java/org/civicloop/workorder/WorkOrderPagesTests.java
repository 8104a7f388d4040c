package org.civicloop.workorder;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The resident and staff pages through a real form login. */
@CivicLoopTest
class WorkOrderPagesTests {

	static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0 };

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	long orders() {
		return jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
	}

	@Test
	void residentFilesFollowsAndRates() throws Exception {
		mvc.perform(get("/requests/new").session(session("resident1")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("燃气泄漏")))
			.andExpect(content().string(containsString("data-pick-map")));

		MvcResult created = mvc.perform(multipart("/requests").file(new MockMultipartFile("photo", "p.jpg", "image/jpeg", JPEG))
			.param("categoryCode", "noise")
			.param("description", "楼下KTV <script>alert('x')</script> 太吵")
			.param("lat", "30.2462")
			.param("lng", "120.1993")
			.param("anonymous", "true")
			.session(session("resident1"))
			.with(csrf())).andExpect(status().is3xxRedirection()).andReturn();
		String location = created.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/requests/");
		String id = location.substring("/requests/".length(), location.indexOf('?'));

		mvc.perform(get("/requests/" + id).session(session("resident1")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")))
			.andExpect(content().string(not(containsString("<script>alert"))))
			.andExpect(content().string(containsString("/photos/")));
		mvc.perform(get("/requests/mine").session(session("resident1")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(id)));

		// staff: workbench queue, accept, reply; the anonymous requester stays hidden
		mvc.perform(get("/workbench").session(session("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(id)));
		mvc.perform(get("/requests/" + id).session(session("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("匿名")));
		mvc.perform(get("/requests/" + id).session(session("sq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/workbench").session(session("resident1"))).andExpect(status().isForbidden());
		mvc.perform(post("/workbench/accept").param("ids", id).session(session("sjq-staff")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(post("/requests/" + id + "/accept").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isConflict());
		mvc.perform(post("/requests/" + id + "/note").param("text", "secret internal").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(multipart("/requests/" + id + "/reply").file(new MockMultipartFile("photo", "r.jpg", "image/jpeg", JPEG))
			.param("text", "已约谈商户 talked to the venue")
			.session(session("sjq-staff"))
			.with(csrf())).andExpect(status().is3xxRedirection());

		mvc.perform(get("/requests/" + id).session(session("resident1")))
			.andExpect(content().string(containsString("rate-form")))
			.andExpect(content().string(not(containsString("secret internal"))));
		mvc.perform(post("/requests/" + id + "/rate").param("rating", "2").param("comment", "还是吵")
			.session(session("resident1")).with(csrf())).andExpect(status().is3xxRedirection());
		mvc.perform(get("/requests/" + id).session(session("resident1")))
			.andExpect(content().string(containsString("reopen-form")));
		mvc.perform(post("/requests/" + id + "/reopen").param("reason", "还是吵")
			.session(session("resident1")).with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT state FROM workorder_order WHERE id = :id::uuid").param("id", id).query(String.class).single())
			.isEqualTo("IN_PROGRESS");
	}

	@Test
	void aNonImagePhotoOrAnUnknownCategoryIsAFormErrorAndStoresNothing() throws Exception {
		long before = orders();
		mvc.perform(multipart("/requests").file(new MockMultipartFile("photo", "x.jpg", "image/jpeg", "%PDF-1.4 not an image".getBytes()))
			.param("categoryCode", "noise")
			.param("description", "x")
			.session(session("resident1"))
			.with(csrf())).andExpect(status().isBadRequest()).andExpect(content().string(containsString("form-error")));
		mvc.perform(multipart("/requests").param("categoryCode", "nope").param("description", "x")
			.session(session("resident1"))
			.with(csrf())).andExpect(status().isBadRequest()).andExpect(content().string(containsString("form-error")));
		assertThat(orders()).isEqualTo(before);
	}

	@Test
	void dashboardShowsTheThreeRatesToStaffOnly() throws Exception {
		mvc.perform(get("/dashboard").session(session("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("response-rate")))
			.andExpect(content().string(containsString("data-trend")));
		mvc.perform(get("/dashboard").session(session("resident1"))).andExpect(status().isForbidden());
		mvc.perform(get("/dashboard").param("period", "custom").param("from", "2026-02-01").param("to", "2026-01-01")
			.session(session("admin"))).andExpect(status().isBadRequest()).andExpect(content().string(containsString("form-error")));
	}
}
