package org.civicloop.workorder;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The leader dashboard through a real form login: period, territory drill-down, hotspots, order lists. */
@CivicLoopTest
class DashboardPagesTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String SJQ = "330102014000";
	static final String SJQ_COMMUNITY = "330102014001";
	static final String SJQ_COMPOUND = "330102014001R001";
	static final String SQ = "330105012000";
	static final String SQ_COMMUNITY = "330105012001";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	private final LoginSessions sessions = new LoginSessions();

	MockHttpSession session(String user) {
		return sessions.of(mvc, user);
	}

	String submit(String user, String json) throws Exception {
		MvcResult r = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer(user))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json)).andExpect(status().isCreated()).andReturn();
		return JSON.readTree(r.getResponse().getContentAsString()).path("order").path("number").asString();
	}

	String page(String user, String url, int status) throws Exception {
		return mvc.perform(get(url).session(session(user)))
			.andExpect(status().is(status))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	static JsonNode points(String html) {
		Matcher m = Pattern.compile("data-hotspots[^>]*data-points=\"([^\"]*)\"|data-points=\"([^\"]*)\"[^>]*data-hotspots")
			.matcher(html);
		assertThat(m.find()).as("hotspot map").isTrue();
		return JSON.readTree(HtmlUtils.htmlUnescape(m.group(1) != null ? m.group(1) : m.group(2)));
	}

	@Test
	void aBadPeriodIsAFormMessageNeverAnErrorPage() throws Exception {
		for (String q : new String[] { "period=custom&from=2026-03-01&to=2026-03-01", "period=custom&from=2026-03-02&to=2026-03-01",
				"period=custom&from=2025-01-01&to=2026-03-01", "period=custom&from=yesterday&to=2026-03-01",
				"period=custom", "period=fortnight", "period=custom&from=%2B999999999-01-01&to=%2B999999999-12-31" }) {
			String html = page("sjq-staff", "/dashboard?" + q, 400);
			assertThat(html).as(q).contains("form-error", "response-rate");
		}
		assertThat(page("sjq-staff", "/dashboard?period=custom&from=2026-03-02&to=2026-03-01", 400)).contains("开始日期须早于结束日期");
		assertThat(page("sjq-staff", "/dashboard?period=custom&from=2025-01-01&to=2026-03-01&lang=en", 400))
			.contains("cannot be longer than one year");
		// exactly a year is fine
		assertThat(page("sjq-staff", "/dashboard?period=custom&from=2025-03-01&to=2026-03-01", 200)).doesNotContain("form-error");
		for (String p : new String[] { "this-month", "last-month", "this-week", "last-30" }) {
			assertThat(page("sjq-staff", "/dashboard?period=" + p, 200)).as(p).contains("period-" + p, "id=\"trend\"");
		}
		page("sjq-staff", "/dashboard/orders?from=2026-03-02&to=2026-03-01", 400);
		page("sjq-staff", "/dashboard/orders?from=2026-03-01&to=2026-03-02&measure=bogus", 400);
		page("sjq-staff", "/dashboard?territory=not-a-code", 400);
		page("sjq-staff", "/dashboard/orders?from=%2B999999999-01-01&to=%2B999999999-12-31", 400);
		page("sjq-staff", "/dashboard/orders?from=2026-03-01&to=2026-03-02&page=-5", 200);
		page("resident1", "/dashboard", 403);
		page("resident1", "/dashboard/orders?from=2026-03-01&to=2026-03-02", 403);
	}

	@Test
	void drillDownStaysInsideTheJurisdiction() throws Exception {
		String root = page("sjq-staff", "/dashboard", 200);
		assertThat(root).contains("id=\"areas\"", "territory=" + SJQ_COMMUNITY, "id=\"crumbs\"");
		String child = page("sjq-staff", "/dashboard?territory=" + SJQ_COMMUNITY, 200);
		// the breadcrumb leads back up to the viewer's root, and no higher
		assertThat(child).contains("territory=" + SJQ + "\"").doesNotContain("territory=330102\"", "territory=330100\"");
		page("sjq-staff", "/dashboard?territory=" + SQ, 403);
		page("sjq-staff", "/dashboard?territory=" + SQ_COMMUNITY, 403);
		page("sjq-staff", "/dashboard/orders?from=2026-01-01&to=2026-02-01&territory=" + SQ, 403);
		page("sq-staff", "/dashboard?territory=" + SQ, 200);
		// the admin (city) may go anywhere and sees the way down
		assertThat(page("admin", "/dashboard?territory=" + SQ, 200)).contains("territory=330100");
	}

	@Test
	void theHotspotsAndTheListsHoldOnlyOrdersInScope() throws Exception {
		String mine = submit("sjq-staff", """
				{"categoryCode":"road-damage","description":"dashboard pothole","territoryCode":"%s","lat":30.2471,"lng":120.1995,"channel":"VISIT"}"""
			.formatted(SJQ_COMPOUND));
		String theirs = submit("sq-staff", """
				{"categoryCode":"river-pollution","description":"dashboard river","territoryCode":"%s","lat":30.3301,"lng":120.1902,"channel":"HOTLINE","requesterName":"王先生","requesterContact":"138"}"""
			.formatted(SQ_COMMUNITY));

		JsonNode sjq = points(page("sjq-staff", "/dashboard?period=last-30", 200));
		assertThat(sjq.toString()).contains(mine).doesNotContain(theirs);
		for (JsonNode p : sjq) {
			assertThat(p.path("href").asString()).startsWith("/requests/");
		}
		JsonNode sq = points(page("sq-staff", "/dashboard?period=last-30", 200));
		assertThat(sq.toString()).contains(theirs).doesNotContain(mine);
		JsonNode admin = points(page("admin", "/dashboard?period=last-30", 200));
		assertThat(admin.toString()).contains(mine, theirs);
		JsonNode adminSq = points(page("admin", "/dashboard?period=last-30&territory=" + SQ, 200));
		assertThat(adminSq.toString()).contains(theirs).doesNotContain(mine);
		// a period without the new orders has no points for them
		assertThat(points(page("sjq-staff", "/dashboard?period=custom&from=2020-01-01&to=2020-02-01", 200)).toString())
			.doesNotContain(mine);

		LocalDate today = LocalDate.now(org.civicloop.workorder.sla.WorkingCalendar.ZONE);
		String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
		String list = page("sjq-staff", "/dashboard/orders?" + range + "&measure=received", 200);
		assertThat(list).contains(mine, "drill-table").doesNotContain(theirs);
		assertThat(page("sjq-staff", "/dashboard/orders?" + range + "&category=road-damage&territory=" + SJQ, 200)).contains(mine);
		assertThat(page("sjq-staff", "/dashboard/orders?" + range + "&category=noise", 200)).doesNotContain(mine);
		assertThat(page("admin", "/dashboard/orders?" + range + "&territory=" + SQ, 200)).contains(theirs).doesNotContain(mine);
		// a count and the list behind it agree (roll-up vs. the orders)
		String dash = page("sjq-staff", "/dashboard?period=custom&" + range, 200);
		Matcher received = Pattern.compile("id=\"received\">\\s*<a[^>]*>(\\d+)</a>").matcher(dash);
		assertThat(received.find()).isTrue();
		Matcher total = Pattern.compile("id=\"drill-total\">[^0-9]*(\\d+)").matcher(list);
		assertThat(total.find()).isTrue();
		assertThat(total.group(1)).isEqualTo(received.group(1));
		// the dashboard's counts link to those lists
		assertThat(page("sjq-staff", "/dashboard?period=last-30", 200)).contains("/dashboard/orders?from=", "measure=resolved",
				"category=road-damage");
	}

	static JsonNode trend(String html) {
		Matcher m = Pattern.compile("data-trend=\"([^\"]*)\"").matcher(html);
		assertThat(m.find()).as("trend chart").isTrue();
		return JSON.readTree(HtmlUtils.htmlUnescape(m.group(1)));
	}

	@Test
	void trendPointsAndTheThisLevelRowOpenTheirLists() throws Exception {
		String onStreet = submit("sjq-staff", """
				{"categoryCode":"road-damage","description":"filed on the street itself","territoryCode":"%s","channel":"VISIT"}"""
			.formatted(SJQ));
		String inCompound = submit("sjq-staff", """
				{"categoryCode":"road-damage","description":"filed in a compound","territoryCode":"%s","channel":"VISIT"}"""
			.formatted(SJQ_COMPOUND));
		LocalDate today = LocalDate.now(org.civicloop.workorder.sla.WorkingCalendar.ZONE);
		String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
		String dash = page("sjq-staff", "/dashboard?period=custom&" + range + "&territory=" + SJQ, 200);

		// the trend point of today links to today's orders in the node looked at
		String href = null;
		for (JsonNode p : trend(dash)) {
			if (p.path("day").asString().equals(today.toString())) {
				href = p.path("href").asString();
			}
		}
		assertThat(href).isEqualTo("/dashboard/orders?from=" + today + "&to=" + today.plusDays(1) + "&territory=" + SJQ
				+ "&measure=received");
		assertThat(page("sjq-staff", href, 200)).contains(onStreet, inCompound);

		// the row of orders filed on the street itself links to exactly those
		Matcher row = Pattern.compile("class=\"this-level\" href=\"([^\"]*)\"").matcher(dash);
		assertThat(row.find()).as("this-level link").isTrue();
		String level = HtmlUtils.htmlUnescape(row.group(1));
		assertThat(level).contains("territory=" + SJQ).contains("exact=true");
		String list = page("sjq-staff", level, 200);
		assertThat(list).contains(onStreet, "drill-this-level").doesNotContain(inCompound);
		// without a territory the node is the viewer's own root, as everywhere on the dashboard;
		// any other value of exact is the plain list
		assertThat(page("sjq-staff", "/dashboard/orders?" + range + "&exact=true", 200)).contains(onStreet)
			.doesNotContain(inCompound);
		assertThat(page("sjq-staff", "/dashboard/orders?" + range + "&territory=" + SJQ + "&exact=yes", 200))
			.contains(onStreet, inCompound);
		page("sjq-staff", "/dashboard/orders?" + range + "&territory=" + SQ + "&exact=true", 403);
	}

	@Test
	void chineseAndEnglish() throws Exception {
		assertThat(page("sjq-staff", "/dashboard?lang=zh-CN", 200)).contains("本月", "下级区域", "热点地图", "热点类别");
		String en = page("sjq-staff", "/dashboard?lang=en", 200);
		assertThat(en).contains("This month", "Sub-areas", "Hotspot map", "Top categories").doesNotContain("??wo.");
		LocalDate today = LocalDate.now(org.civicloop.workorder.sla.WorkingCalendar.ZONE);
		assertThat(page("sjq-staff", "/dashboard/orders?from=" + today + "&to=" + today.plusDays(1) + "&lang=en", 200))
			.contains("Back to the dashboard").doesNotContain("??wo.");
		assertThat(page("sjq-staff", "/dashboard/orders?from=" + today + "&to=" + today.plusDays(1) + "&lang=zh-CN", 200))
			.contains("返回看板");
	}
}
