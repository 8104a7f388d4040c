package org.civicloop.open311;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The adapter on the real work-order module (the contract tests use an in-memory facade): a
 * request filed over Open311 becomes a work order that staff handle, and the Open311 client sees
 * its status and updates change.
 */
@CivicLoopTest
class Open311WithRealWorkOrdersTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aRequestFiledOverOpen311IsHandledAndFollowed() throws Exception {
		String body = mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("api_key", "demo-open311-key")
			.param("service_code", "street-light")
			.param("lat", "30.2565")
			.param("long", "120.2029")
			.param("description", "钱运社区门口路灯不亮 (Open311 test)")
			.param("media_url", "https://img.example.org/light.jpg")
			.param("device_id", "dev-open311-test"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = json.readTree(body).get(0).get("service_request_id").asString();
		assertThat(id).startsWith("HZ");

		JsonNode filed = json.readTree(mvc.perform(get("/open311/v2/requests/" + id + ".json"))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get(0);
		assertThat(filed.get("status").asString()).isEqualTo("open");
		assertThat(filed.get("service_code").asString()).isEqualTo("street-light");
		assertThat(filed.toString()).doesNotContain("email", "phone", "first_name", "dev-open311-test");
		assertThat(filed.get("media_url").asString()).isEqualTo("https://img.example.org/light.jpg");

		// the coordinates fall in 四季青街道: its staff see and accept the order through the REST API
		mvc.perform(post("/api/v1/workorders/" + id + "/accept").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk());

		JsonNode accepted = json.readTree(mvc.perform(get("/open311/v2/requests/" + id + ".json"))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get(0);
		assertThat(accepted.get("status").asString()).isEqualTo("open");
		assertThat(accepted.toString()).contains("ACTION_SCHEDULED");

		String updates = mvc.perform(get("/open311/v2/servicerequestupdates.json"))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(updates).contains(id);
	}
}
