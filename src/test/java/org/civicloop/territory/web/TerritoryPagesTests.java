package org.civicloop.territory.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.territory.internal.TerritoryImporter;
import org.civicloop.territory.internal.TerritoryImporterAccess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The territory pages through a real form login (the session carries the CivicPrincipal).
 * Imports here go under 东洲街道 (330111004…).
 */
@CivicLoopTest
class TerritoryPagesTests {

	static final String HEADER = "code,name,level,parent_code,lat,lng,demo\n";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TerritoryImporter importer;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	ResultActions page(String url, String user) throws Exception {
		return mvc.perform(MockMvcRequestBuilders.get(url).session(session(user)));
	}

	String html(String url, String user) throws Exception {
		return page(url, user).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
		mvc.perform(MockMvcRequestBuilders.get("/territory"))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", endsWith("/login")));
	}

	@Test
	void theTreeStartsAtTheCallersNodesWithTheirChildrenOpen() throws Exception {
		String admin = html("/territory", "admin");
		assertThat(admin).contains("id=\"territory-tree\"")
			.contains("class=\"tree-node\" href=\"/territory/330100\" data-code=\"330100\"")
			.contains("data-code=\"330102\"")
			.contains("data-code=\"330182\"")
			.contains("hx-get=\"/territory/330102/children\"");

		String sjq = html("/territory", "sjq-staff");
		assertThat(sjq).contains("data-code=\"330102014000\"")
			.contains("data-code=\"330102014001\"")
			.contains("四季青街道")
			.doesNotContain("data-code=\"330100\"")
			.doesNotContain("data-code=\"330105012000\"");
	}

	@Test
	void branchesOpenThroughAFragmentWithOnlyVisibleChildren() throws Exception {
		String inside = html("/territory/330102014001/children", "sjq-staff");
		assertThat(inside).startsWith("<ul class=\"branch\"")
			.doesNotContain("<html")
			.contains("data-code=\"330102014001001\"")
			.contains("data-code=\"330102014001R001\"");
		String outside = html("/territory/330102014001/children", "sq-staff");
		assertThat(outside).doesNotContain("data-code=\"330102014001001\"").doesNotContain("R001");
		page("/territory/330102014001001/children", "sq-staff").andExpect(status().isForbidden());
	}

	@Test
	void nodePageShowsPeopleOnlyInsideTheJurisdiction() throws Exception {
		String inside = html("/territory/330102014001", "sjq-staff");
		assertThat(inside).contains("id=\"breadcrumb\"")
			.contains("href=\"/territory/330102014000\"")
			.contains("钱运社区")
			.contains("330102014001")
			.contains("id=\"people-table\"")
			.contains("崔桂")
			.contains("data-map")
			.contains("钱运社区第1网格")
			.contains("id=\"export-link\"")
			.contains("data-level=\"COMPOUND\"")
			.doesNotContain("id=\"people-hidden\"");

		String outside = html("/territory/330102014001", "sq-staff");
		assertThat(outside).contains("钱运社区")
			.contains("id=\"people-hidden\"")
			.contains("不在您的管辖范围内")
			.doesNotContain("崔桂")
			.doesNotContain("id=\"export-link\"")
			.doesNotContain("钱运社区第1网格")
			.doesNotContain("data-level=\"COMPOUND\"");
	}

	@Test
	void lowerLevelsOutsideTheJurisdictionAreForbiddenAndUnknownCodesNotFound() throws Exception {
		page("/territory/330105012001001", "sjq-staff").andExpect(status().isForbidden())
			.andExpect(content().string(containsString("无权访问")));
		page("/territory/330102014001R001", "resident1").andExpect(status().isOk());
		page("/territory/330102014001R002", "resident1").andExpect(status().isForbidden());
		page("/territory/330102099000", "admin").andExpect(status().isNotFound());
		page("/territory/not-a-code", "admin").andExpect(status().isBadRequest());
	}

	@Test
	void demoBadgeAndLevelNames() throws Exception {
		// 四季青街道 is marked as demo data in the demo file, 钱运社区 is not
		assertThat(html("/territory/330102014000", "admin")).contains("id=\"demo-badge\"").contains("街道/镇");
		assertThat(html("/territory/330102014001", "admin")).doesNotContain("id=\"demo-badge\"");
	}

	@Test
	void englishWhenAsked() throws Exception {
		assertThat(html("/territory", "yf-culture")).contains("我的辖区");
		MockHttpSession s = session("gl-supervisor");
		MvcResult en = mvc.perform(MockMvcRequestBuilders.get("/territory/330182004000").param("lang", "en").session(s))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(en.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Responsible people")
			.contains("Street/town")
			.contains("Export CSV")
			.doesNotContain("责任人");
		assertThat(en.getResponse().getCookie("civicloop-lang")).isNotNull();
		assertThat(mvc.perform(MockMvcRequestBuilders.get("/territory").session(s).cookie(en.getResponse().getCookie("civicloop-lang")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8)).contains("My territory");
	}

	@Test
	void searchIsPagedAndScoped() throws Exception {
		String first = html("/territory/search?q=社区", "admin");
		assertThat(first).contains("id=\"search-results\"").contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
		String second = html("/territory/search?q=社区&page=1", "admin");
		assertThat(second).contains("rel=\"prev\"");
		assertThat(html("/territory/search?q=钱运社区第1网格", "sq-staff")).doesNotContain("data-code=\"330102014001001\"");
		assertThat(html("/territory/search?q=钱运社区第1网格", "sjq-staff")).contains("data-code=\"330102014001001\"");
		assertThat(html("/territory/search?q=" + "长".repeat(101), "admin")).contains("100");
		assertThat(html("/territory/search", "admin")).doesNotContain("id=\"search-total\"");
	}

	@Test
	void childrenArePagedFiftyAtATime() throws Exception {
		StringBuilder csv = new StringBuilder(HEADER);
		for (int i = 1; i <= 60; i++) {
			csv.append(String.format("330111004001R%03d,东洲测试小区%d,COMPOUND,330111004001,,,true\n", 899 + i, i));
		}
		importer.importNow("test", "compounds.csv", csv.toString(), null);
		String p0 = html("/territory/330111004001", "admin");
		String p1 = html("/territory/330111004001?page=1", "admin");
		int total = p0.split("class=\"child\"", -1).length - 1 + p1.split("class=\"child\"", -1).length - 1;
		assertThat(p0.split("class=\"child\"", -1).length - 1).isEqualTo(50);
		assertThat(p0).contains("rel=\"next\"");
		assertThat(p1).contains("rel=\"prev\"");
		assertThat(total).isGreaterThanOrEqualTo(60);
		assertThat(p0).contains("共 " + total + " 个");
	}

	@Test
	void exportDownloadNeedsCoverage() throws Exception {
		byte[] csv = page("/territory/330102014001/export.csv", "sjq-staff").andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(new String(csv, StandardCharsets.UTF_8)).startsWith("\uFEFF" + HEADER + "330102014001,钱运社区,COMMUNITY,");
		page("/territory/330102014001/export.csv", "sq-staff").andExpect(status().isForbidden());
	}

	@Test
	void importPageIsForAdministratorsOnly() throws Exception {
		page("/territory/import", "sjq-staff").andExpect(status().isForbidden());
		mvc.perform(multipart("/territory/import").file(csvFile("x.csv", HEADER)).session(session("sjq-staff")).with(csrf()))
			.andExpect(status().isForbidden());
		String admin = html("/territory/import", "admin");
		assertThat(admin).contains("id=\"import-form\"")
			.contains("enctype=\"multipart/form-data\"")
			.contains("name=\"_csrf\"")
			.contains("/territory/import/template.csv")
			.contains("id=\"code-scheme\"")
			.contains("id=\"recent-imports\"");
	}

	@Test
	void uploadWithoutCsrfIsRefused() throws Exception {
		mvc.perform(multipart("/territory/import").file(csvFile("x.csv", HEADER)).session(session("admin")))
			.andExpect(status().isForbidden());
	}

	@Test
	void aRejectedUploadListsEveryProblemWithItsLineAndWritesNothing() throws Exception {
		long before = jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single();
		String csv = HEADER + "330111004001901001,无上级,MICRO_GRID,330111004001901,,,true\n" // 2
				+ "330111004002,东洲社区,STREET,330111004000,,,true\n" // 3
				+ "\n" // 4 blank
				+ "330111004001902,东洲网格,GRID,330111004001,200,120,true\n"; // 5
		String body = mvc
			.perform(multipart("/territory/import").file(csvFile("bad.csv", csv)).session(session("admin")).with(csrf()))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(body).contains("id=\"problems-table\"")
			.contains("共有 3 处问题")
			.contains("data-line=\"2\"")
			.contains("data-line=\"3\"")
			.contains("data-line=\"5\"")
			.doesNotContain("data-line=\"4\"")
			.contains("行号")
			// reasons in the page's language too
			.contains("上级 330111004001901 既不在文件中，也不在区划树中")
			.contains("层级 STREET 与代码不符，按代码应为 COMMUNITY")
			.contains("lat 必须在 -90 到 90 之间")
			.doesNotContain("??");
		assertThat(jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single()).isEqualTo(before);

		String en = mvc
			.perform(multipart("/territory/import").file(csvFile("bad.csv", csv))
				.param("lang", "en")
				.session(session("admin"))
				.with(csrf()))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(en).contains("3 problem(s) found")
			.contains("<th>Line</th>")
			.contains("Parent 330111004001901 is neither in the file nor in the tree")
			.contains("lat must be between -90 and 90");
	}

	@Test
	void aFileThatIsNotUtf8IsRefusedWithAHint() throws Exception {
		byte[] gbk = (HEADER + "330111004001903,东洲网格,GRID,330111004001,,,true\n").getBytes("GBK");
		mvc.perform(multipart("/territory/import").file(new MockMultipartFile("file", "gbk.csv", "text/csv", gbk))
			.session(session("admin"))
			.with(csrf())).andExpect(status().isBadRequest()).andExpect(content().string(containsString("UTF-8")));
		mvc.perform(multipart("/territory/import").session(session("admin")).with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("id=\"import-file-problem\"")));
	}

	@Test
	void anAcceptedUploadRedirectsToAProgressPageThatEndsDone() throws Exception {
		String csv = HEADER + "330111004001904,东洲测试网格,GRID,330111004001,30.05,119.96,true\n"
				+ "330111004001904001,东洲测试网格1号楼,MICRO_GRID,330111004001904,,,true\n";
		String location = mvc
			.perform(multipart("/territory/import").file(csvFile("good.csv", csv)).session(session("admin")).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrlPattern("/territory/import/*"))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();

		String statusPage = html(location, "admin");
		assertThat(statusPage).contains("id=\"import-progress\"").contains("good.csv");
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		String fragment;
		do {
			fragment = html(location + "/progress", "admin");
			if (fragment.contains("data-status=\"APPLYING\"")) {
				assertThat(fragment).contains("hx-trigger=\"every 1s\"").contains("hx-get=\"" + location + "/progress\"");
				Thread.sleep(100);
			}
		}
		while (fragment.contains("data-status=\"APPLYING\"") && Instant.now().isBefore(deadline));
		assertThat(fragment).startsWith("<div id=\"import-progress\"")
			.contains("data-status=\"DONE\"")
			.doesNotContain("hx-trigger")
			.contains("新增 2 个，更新 0 个节点");
		assertThat(html("/territory/import", "admin")).contains(location);
	}

	@Test
	void theTemplateIsAValidImportFile() throws Exception {
		String template = page("/territory/import/template.csv", "admin").andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(template).startsWith("\uFEFF" + HEADER);
		assertThat(template.lines().count()).isGreaterThan(1);
		// the example rows pass validation as they are (nothing is applied here)
		assertThat(TerritoryImporterAccess.validRows(importer, template)).isEqualTo(template.lines().count() - 1);
	}

	static MockMultipartFile csvFile(String name, String content) {
		return new MockMultipartFile("file", name, "text/csv", content.getBytes(StandardCharsets.UTF_8));
	}
}
