package org.civicloop.workorder;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Staff entry of calls and visits, the category's questions, the map point's place, and the order page's forms. */
@CivicLoopTest
class WorkOrderEntryPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	String idOf(MvcResult r) {
		String location = r.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/requests/");
		return location.substring("/requests/".length(), location.indexOf('?'));
	}

	String column(String id, String column) {
		return jdbc.sql("SELECT " + column + "::text FROM workorder_order WHERE id = :id::uuid").param("id", id)
			.query((rs, n) -> rs.getString(1)).list().get(0);
	}

	@Test
	void staffEnterAHotlineCallPlacedByTheMapWithinTheirJurisdiction() throws Exception {
		mvc.perform(get("/workbench/new").session(session("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("热线电话")))
			.andExpect(content().string(containsString("330102014001002001")))
			.andExpect(content().string(containsString("data-pick-map")));
		mvc.perform(get("/workbench/new").session(session("resident1"))).andExpect(status().isForbidden());
		mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("categoryCode", "street-light")
			.param("description", "x").param("territoryCode", "330102014001").session(session("resident1")).with(csrf()))
			.andExpect(status().isForbidden());

		// the point is next to building 1 of grid 2 in 钱运社区
		MvcResult r = mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("callerName", "王先生")
			.param("callerPhone", "13800001111").param("categoryCode", "street-light").param("description", "来电：路灯不亮")
			.param("lat", "30.26110").param("lng", "120.19901").param("priority", "URGENT")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().is3xxRedirection()).andReturn();
		String id = idOf(r);
		assertThat(column(id, "territory_code")).isEqualTo("330102014001002001");
		assertThat(column(id, "channel")).isEqualTo("HOTLINE");
		assertThat(column(id, "priority")).isEqualTo("URGENT");
		assertThat(column(id, "requester_id")).isNull();
		assertThat(column(id, "requester_contact")).isEqualTo("13800001111");
		mvc.perform(get("/requests/" + id).session(session("sjq-staff"))).andExpect(content().string(containsString("王先生")));

		// another street's place, no place at all, no channel
		mvc.perform(post("/workbench/new").param("channel", "VISIT").param("categoryCode", "street-light")
			.param("description", "x").param("territoryCode", "330105012001").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isForbidden());
		mvc.perform(post("/workbench/new").param("channel", "VISIT").param("categoryCode", "street-light")
			.param("description", "x").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("请选择所在区域")));
		mvc.perform(post("/workbench/new").param("channel", "OPEN311").param("categoryCode", "street-light")
			.param("description", "x").param("territoryCode", "330102014001").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isBadRequest());
	}

	@Test
	void aResidentsMapPointStaysInTheirOwnJurisdiction() throws Exception {
		// the point is at 常青社区's compound, next door: the order stays with resident1's compound
		MvcResult r = mvc.perform(multipart("/requests").param("categoryCode", "street-light").param("description", "路灯")
			.param("lat", "30.26421").param("lng", "120.18840").session(session("resident1")).with(csrf()))
			.andExpect(status().is3xxRedirection()).andReturn();
		assertThat(column(idOf(r), "territory_code")).isEqualTo("330102014001R001");
	}

	@Test
	void theCategorysQuestionsAreAskedAndRequiredOnesChecked() throws Exception {
		jdbc.sql("""
				INSERT INTO workorder_category (code, name_zh, name_en, attributes, sort_order) VALUES ('ux-test', '测试类别', 'Test category',
				'[{"code":"plate","datatype":"string","required":true,"descriptionZh":"车牌号码","descriptionEn":"Plate number","order":1,"values":[]},
				  {"code":"when","datatype":"datetime","required":false,"descriptionZh":"发生时间","descriptionEn":"When","order":2,"values":[]},
				  {"code":"count","datatype":"number","required":false,"descriptionZh":"数量","descriptionEn":"How many","order":3,"values":[]},
				  {"code":"kinds","datatype":"multivaluelist","required":false,"descriptionZh":"类型","descriptionEn":"Kinds","order":4,"values":[{"key":"a","name":"甲 A"},{"key":"b","name":"乙 B"}]},
				  {"code":"note","datatype":"text","required":false,"descriptionZh":"补充","descriptionEn":"More","order":5,"values":[]}]', 999)""")
			.update();
		try {
			mvc.perform(get("/requests/new").session(session("resident1")))
				.andExpect(content().string(containsString("name=\"attr.ux-test.plate\"")))
				.andExpect(content().string(containsString("type=\"datetime-local\"")))
				.andExpect(content().string(containsString("type=\"number\"")))
				.andExpect(content().string(containsString("value=\"b\"")))
				.andExpect(content().string(containsString("车牌号码 *")));
			mvc.perform(multipart("/requests").param("categoryCode", "ux-test").param("description", "停车")
				.session(session("resident1")).with(csrf()))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("请填写：车牌号码")));
			// the answers given come back on the form after the error
			mvc.perform(multipart("/requests").param("categoryCode", "ux-test").param("description", "停车")
				.param("attr.ux-test.kinds", "a").param("attr.ux-test.count", "3")
				.session(session("resident1")).with(csrf()))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("value=\"3\"")))
				.andExpect(content().string(containsString("checked")));
			mvc.perform(multipart("/requests").param("categoryCode", "ux-test").param("description", "停车").param("lang", "en")
				.session(session("resident1")).with(csrf()))
				.andExpect(content().string(containsString("Please answer: Plate number")));
			MvcResult r = mvc.perform(multipart("/requests").param("categoryCode", "ux-test").param("description", "停车")
				.param("attr.ux-test.plate", "浙A12345").param("attr.ux-test.kinds", "a", "b")
				.param("attr.street-light.pole_number", "ignored")
				.session(session("resident1")).with(csrf())).andExpect(status().is3xxRedirection()).andReturn();
			assertThat(column(idOf(r), "attributes")).contains("\"plate\":\"浙A12345\"").contains("\"kinds\":\"a,b\"")
				.doesNotContain("pole_number");
		}
		finally {
			jdbc.sql("DELETE FROM workorder_category WHERE code = 'ux-test'").update();
		}
	}

	@Test
	void theOrderPageOffersJointHandlingPauseAndResume() throws Exception {
		MvcResult r = mvc.perform(post("/workbench/new").param("channel", "VISIT").param("categoryCode", "street-light")
			.param("description", "来访：路灯").param("territoryCode", "330102014001")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().is3xxRedirection()).andReturn();
		String id = idOf(r);
		mvc.perform(post("/requests/" + id + "/accept").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/requests/" + id).session(session("sjq-staff")))
			.andExpect(content().string(containsString("joint-form")))
			.andExpect(content().string(containsString("pause-form")))
			.andExpect(content().string(containsString("escalate-form")));
		mvc.perform(post("/requests/" + id + "/joint").param("unit", "四季青街道城管中队").param("coUnits", "市政所，供电所\n物业")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(column(id, "co_units")).isEqualTo("市政所;供电所;物业");
		mvc.perform(post("/requests/" + id + "/pause").param("reason", "请提供灯杆编号")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().is3xxRedirection());
		mvc.perform(get("/requests/" + id).session(session("sjq-staff")))
			.andExpect(content().string(containsString("resume-form")));
		mvc.perform(post("/requests/" + id + "/resume").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(column(id, "paused_since")).isNull();
		mvc.perform(post("/requests/" + id + "/joint").param("unit", "x").param("coUnits", " ")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().isBadRequest());
	}

	@Test
	void oddInputsAreFourHundredsNeverFiveHundreds() throws Exception {
		mvc.perform(post("/workbench/new").param("channel", "BOGUS").param("categoryCode", "street-light")
			.param("description", "x").session(session("sjq-staff")).with(csrf())).andExpect(status().is4xxClientError());
		mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("lat", "abc")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().is4xxClientError());
		mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("categoryCode", "nope").param("description", "x")
			.param("territoryCode", "330102014001").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isBadRequest()).andExpect(content().string(containsString("form-error")));
		mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("categoryCode", "street-light")
			.param("description", "x").param("territoryCode", "not-a-code").session(session("sjq-staff")).with(csrf()))
			.andExpect(status().is4xxClientError());
		mvc.perform(post("/workbench/new").param("channel", "HOTLINE").param("categoryCode", "street-light")
			.param("description", "<script>x</script>".repeat(200)).param("territoryCode", "330102014001")
			.session(session("sjq-staff")).with(csrf())).andExpect(status().isBadRequest());
		mvc.perform(get("/notifications").param("page", "-1").session(session("resident1"))).andExpect(status().isBadRequest());
		mvc.perform(get("/notifications").param("page", "x").session(session("resident1"))).andExpect(status().is4xxClientError());
		mvc.perform(post("/notifications/999999999/read").session(session("resident1")).with(csrf())).andExpect(status().isNotFound());
		mvc.perform(post("/notifications/abc/read").session(session("resident1")).with(csrf())).andExpect(status().is4xxClientError());
		mvc.perform(get("/workbench/new")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/notifications/count")).andExpect(status().is3xxRedirection());
	}
}
