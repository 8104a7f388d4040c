package org.civicloop.territory.web;

import java.time.Duration;
import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The territory API as the demo personas see it. Imports go under 百丈村 (330110112002…). */
@CivicLoopTest
class TerritoryApiTests {

	static final String HEADER = "code,name,level,parent_code,lat,lng,demo\n";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	JdbcClient jdbc;

	ResultActions get(String url, String user) throws Exception {
		return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url)
			.header("Authorization", tokens.bearer(user)));
	}

	ResultActions postCsv(String csv, String user) throws Exception {
		return mvc.perform(post("/api/v1/territory/imports").header("Authorization", tokens.bearer(user))
			.contentType("text/csv")
			.content(csv));
	}

	@Test
	void nodeWithChildrenAndAncestors() throws Exception {
		get("/api/v1/territory/330100", "sjq-staff").andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("杭州市"))
			.andExpect(jsonPath("$.children.length()").value(13))
			.andExpect(jsonPath("$.children[*].level", everyItem(org.hamcrest.Matchers.is("DISTRICT"))));
		get("/api/v1/territory/330102014001", "sjq-staff").andExpect(status().isOk())
			.andExpect(jsonPath("$.parentCode").value("330102014000"))
			.andExpect(jsonPath("$.ancestors[*].code", org.hamcrest.Matchers.contains("330100", "330102", "330102014000")))
			.andExpect(jsonPath("$.children[*].code", hasItem("330102014001001")));
	}

	@Test
	void lowerLevelsAreLeftOutOfAPublicNodeForOutsiders() throws Exception {
		get("/api/v1/territory/330102014001", "sq-staff").andExpect(status().isOk())
			.andExpect(jsonPath("$.children.length()").value(0));
	}

	@Test
	void searchIsPagedAndScoped() throws Exception {
		String first = get("/api/v1/territory?q=社区&size=5", "admin").andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(5))
			.andExpect(jsonPath("$.size").value(5))
			.andExpect(jsonPath("$.total", greaterThan(5)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String second = get("/api/v1/territory?q=社区&size=5&page=1", "admin").andExpect(status().isOk())
			.andExpect(jsonPath("$.page").value(1))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(JsonPath.<String>read(second, "$.items[0].code")).isNotEqualTo(JsonPath.read(first, "$.items[0].code"));

		get("/api/v1/territory?q=330102014001001", "sjq-staff").andExpect(jsonPath("$.items[0].code").value("330102014001001"));
		get("/api/v1/territory?q=330102014001001", "sq-staff").andExpect(jsonPath("$.total").value(0));
		get("/api/v1/territory?q=330102014001", "sq-staff").andExpect(jsonPath("$.total").value(1));
	}

	@Test
	void searchValidatesItsParameters() throws Exception {
		get("/api/v1/territory?q=x&size=201", "admin").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400));
		get("/api/v1/territory?q=x&size=0", "admin").andExpect(status().isBadRequest());
		get("/api/v1/territory?q=x&page=-1", "admin").andExpect(status().isBadRequest());
		get("/api/v1/territory?q=x&page=abc", "admin").andExpect(status().isBadRequest());
		get("/api/v1/territory?q=" + "长".repeat(101), "admin").andExpect(status().isBadRequest());
		get("/api/v1/territory?q=x&size=200", "admin").andExpect(status().isOk());
	}

	@Test
	void peopleOnlyInsideTheJurisdiction() throws Exception {
		get("/api/v1/territory/330105012001/people", "sjq-staff").andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.type", containsString("out-of-jurisdiction")));
		get("/api/v1/territory/330105012001/people", "sq-staff").andExpect(status().isOk())
			.andExpect(jsonPath("$.length()", greaterThan(0)))
			.andExpect(jsonPath("$[0].name").isNotEmpty());
		get("/api/v1/territory/330105012001/people", "admin").andExpect(status().isOk());
	}

	@Test
	void gridOfAnotherStreetIsForbidden() throws Exception {
		get("/api/v1/territory/330105012001001", "sjq-staff").andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		get("/api/v1/territory/330105012001001", "sq-staff").andExpect(status().isOk());
		get("/api/v1/territory/330102014001R001", "resident1").andExpect(status().isOk());
		get("/api/v1/territory/330102014001R002", "resident1").andExpect(status().isForbidden());
	}

	@Test
	void unknownAndMalformedCodes() throws Exception {
		get("/api/v1/territory/330102099000", "admin").andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		get("/api/v1/territory/abc", "admin").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		get("/api/v1/territory/3301020", "admin").andExpect(status().isBadRequest());
		get("/api/v1/territory/330102099000/people", "admin").andExpect(status().isNotFound());
	}

	@Test
	void anonymousCallersGetAProblem401() throws Exception {
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/territory/330100"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void exportOnlyInsideTheJurisdiction() throws Exception {
		get("/api/v1/territory/330105012000/export", "sq-staff").andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andExpect(content().string(startsWith(HEADER + "330105012000,")));
		get("/api/v1/territory/330105012000/export", "sjq-staff").andExpect(status().isForbidden());
	}

	@Test
	void adminImportsACsvBodyAndItIsApplied() throws Exception {
		String csv = HEADER + "330110112002901,百丈村测试网格,GRID,330110112002,30.53,119.83,true\n"
				+ "330110112002901001,百丈村测试网格1号楼,MICRO_GRID,330110112002901,,,true\n";
		String body = postCsv(csv, "admin").andExpect(status().isAccepted())
			.andExpect(header().string("Location", startsWith("/api/v1/territory/imports/")))
			.andExpect(jsonPath("$.totalRows").value(2))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(body, "$.id");

		String status = awaitFinished(id);
		assertThat(JsonPath.<String>read(status, "$.status")).isEqualTo("DONE");
		assertThat(JsonPath.<Integer>read(status, "$.createdRows")).isEqualTo(2);
		get("/api/v1/territory/330110112002901", "admin").andExpect(status().isOk())
			.andExpect(jsonPath("$.children[0].code").value("330110112002901001"));
	}

	@Test
	void aBadCsvIsRefusedWithEveryError() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single();
		String csv = HEADER + "330110112002902,好的网格,GRID,330110112002,,,true\n" + "nonsense,坏,GRID,330110112002,,,true\n"
				+ "330110112002903,纬度,GRID,330110112002,-91,119.8,true\n";
		postCsv(csv, "admin").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[0].line").value(3))
			.andExpect(jsonPath("$.errors[0].code").value("nonsense"))
			.andExpect(jsonPath("$.errors[1].line").value(4))
			.andExpect(jsonPath("$.errors[1].reason", containsString("lat")))
			.andExpect(jsonPath("$.errors[1].reasons[0].key").value("range"));
		assertThat(jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void onlyAdministratorsImport() throws Exception {
		postCsv(HEADER + "330102014001901,四季青测试网格,GRID,330102014001,,,true\n", "sjq-staff")
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		get("/api/v1/territory/imports/00000000-0000-0000-0000-000000000000", "sjq-staff").andExpect(status().isForbidden());
		get("/api/v1/territory/imports/00000000-0000-0000-0000-000000000000", "admin").andExpect(status().isNotFound());
	}

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Test
	void anAdministratorBoundToAStreetImportsOnlyInsideIt() throws Exception {
		if (!accounts.existsByUsername("sjq-admin")) {
			UserAccount a = UserAccount.create("sjq-admin", "四季青街道管理员", encoder.encode(TestTokens.PASSWORD), true);
			a.grant(Role.ADMIN);
			a.bindTo(TerritoryCode.of("330102014000"));
			accounts.save(a);
		}
		postCsv(HEADER + "330102014003901,三新社区测试网格,GRID,330102014003,,,true\n"
				+ "330105012001901,石桥社区越界网格,GRID,330105012001,,,true\n", "sjq-admin")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(1))
			.andExpect(jsonPath("$.errors[0].line").value(3))
			.andExpect(jsonPath("$.errors[0].reason").value("Outside your jurisdiction"));
		String body = postCsv(HEADER + "330102014003901,三新社区测试网格,GRID,330102014003,,,true\n", "sjq-admin")
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(JsonPath.<String>read(awaitFinished(JsonPath.read(body, "$.id")), "$.status")).isEqualTo("DONE");
	}

	private String awaitFinished(String id) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (true) {
			String s = get("/api/v1/territory/imports/" + id, "admin").andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			if (!"APPLYING".equals(JsonPath.read(s, "$.status")) || Instant.now().isAfter(deadline)) {
				return s;
			}
			Thread.sleep(100);
		}
	}
}
