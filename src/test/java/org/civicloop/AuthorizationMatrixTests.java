package org.civicloop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Who may call what, where: one row per (caller, endpoint, territory) with the exact status.
 * Denials are rows too, so that a change that widens access fails here.
 * <p>
 * Columns: caller ({@code anonymous} or a demo account from DEVELOPING.md), method, path, body
 * (a key of {@link #BODIES} or {@code -}), expected status and a spare flag column
 * for notes.
 * <p>
 * Demo territory used below (src/main/resources/demo/territory-hangzhou.csv): 330102014000
 * 四季青街道 ⊃ 330102014001 钱运社区 ⊃ compounds R001 观澜新村 (resident1's) and R002 近江里, grid
 * 330102014001001; 330105012000 石桥街道 ⊃ 330105012001 石桥社区 ⊃ grid 330105012001001;
 * 330110112000 百丈镇 ⊃ 330110112001 仙岩村.
 */
@CivicLoopTest
@Tag("external-db")
class AuthorizationMatrixTests {

	/** Request bodies by key, for the rows that POST. */
	static final Map<String, Body> BODIES = Map.of(
			// re-imports one existing row with its current values: admitted → 202 without changing the tree
			"csv-existing-row", new Body(MediaType.parseMediaType("text/csv"),
					"code,name,level,parent_code,lat,lng,demo\n"
							+ "330105012001,石桥社区,COMMUNITY,330105012000,30.31868,120.17578,true\n"),
			// a work order in resident1's compound (四季青)
			"wo-sjq", new Body(MediaType.APPLICATION_JSON,
					"{\"categoryCode\":\"noise\",\"description\":\"matrix\",\"territoryCode\":\"330102014001R001\"}"),
			// a hotline entry placed in 石桥
			"wo-sq-hotline", new Body(MediaType.APPLICATION_JSON,
					"{\"categoryCode\":\"noise\",\"description\":\"matrix\",\"territoryCode\":\"330105012001\",\"channel\":\"HOTLINE\"}"),
			"wo-reason", new Body(MediaType.APPLICATION_JSON, "{\"reason\":\"matrix\"}"),
			// smart seal: a seal for 仙岩村, an application naming an unknown seal, a power-list item
			"seal-xy", new Body(MediaType.APPLICATION_JSON,
					"{\"villageCode\":\"330110112001\",\"type\":\"FINANCE\",\"name\":\"matrix\"}"),
			"seal-app-unknown", new Body(MediaType.APPLICATION_JSON,
					"{\"itemCode\":\"certificate\",\"sealId\":\"00000000-0000-0000-0000-000000000001\",\"purpose\":\"m\",\"impressions\":1}"),
			"seal-comment", new Body(MediaType.APPLICATION_JSON, "{\"comment\":\"matrix\"}"),
			"seal-item", new Body(MediaType.APPLICATION_JSON,
					"{\"nameZh\":\"m\",\"nameEn\":\"m\",\"sealTypes\":[\"VILLAGE_COMMITTEE\"],\"maxImpressions\":1}"),
			// a device in 仙岩村; registered once, by the admin row (the other callers are refused before)
			"dev-reg", new Body(MediaType.APPLICATION_JSON,
					"{\"id\":\"MATRIX-DEV-1\",\"kind\":\"SEAL_SLEEVE\",\"territoryCode\":\"330110112001\",\"label\":\"matrix\"}"),
			// what a device without MQTT posts: not a JWS, so refused (and answered 200 with the refusal)
			"dev-msg", new Body(MediaType.TEXT_PLAIN, "not-a-jws"));

	record Body(MediaType type, String content) {
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;


	@ParameterizedTest(name = "{0} {1} {2} → {4}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# caller      | method | path                                          | body             | status | flag
			# ── a node: public divisions (city … community) for any signed-in user, the rest only in jurisdiction
			anonymous     | GET    | /api/v1/territory/330100                      | -                | 401    | -
			admin         | GET    | /api/v1/territory/330100                      | -                | 200    | -
			resident1     | GET    | /api/v1/territory/330100                      | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105                      | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105012000                | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105012001                | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105012001001             | -                | 403    | -
			sq-staff      | GET    | /api/v1/territory/330105012001001             | -                | 200    | -
			admin         | GET    | /api/v1/territory/330105012001001             | -                | 200    | -
			sq-riverchief | GET    | /api/v1/territory/330105012001001             | -                | 200    | -
			sq-staff      | GET    | /api/v1/territory/330102014001001             | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001001             | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001001001          | -                | 200    | -
			sq-staff      | GET    | /api/v1/territory/330102014001001001          | -                | 403    | -
			resident1     | GET    | /api/v1/territory/330102014001R001            | -                | 200    | -
			resident1     | GET    | /api/v1/territory/330102014001R002            | -                | 403    | -
			resident1     | GET    | /api/v1/territory/330102014001001             | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001R002            | -                | 200    | -
			sq-staff      | GET    | /api/v1/territory/330102014001R002            | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001B001            | -                | 200    | -
			dz-enterprise | GET    | /api/v1/territory/330102014001B001            | -                | 403    | -
			admin         | GET    | /api/v1/territory/330105012099                | -                | 404    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001R999            | -                | 404    | -
			admin         | GET    | /api/v1/territory/33010                       | -                | 400    | -
			anonymous     | GET    | /api/v1/territory/330102014001R999            | -                | 401    | -
			# ── responsible people: only in jurisdiction, public divisions included
			anonymous     | GET    | /api/v1/territory/330105012001/people         | -                | 401    | -
			sq-staff      | GET    | /api/v1/territory/330105012001/people         | -                | 200    | -
			sq-riverchief | GET    | /api/v1/territory/330105012001/people         | -                | 200    | -
			admin         | GET    | /api/v1/territory/330105012001/people         | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105012001/people         | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102014001/people         | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330100/people               | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102014000/people         | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330102/people               | -                | 403    | -
			resident1     | GET    | /api/v1/territory/330102014001R001/people     | -                | 200    | -
			resident1     | GET    | /api/v1/territory/330102014001R002/people     | -                | 403    | -
			resident1     | GET    | /api/v1/territory/330102014001/people         | -                | 403    | -
			bz-inspector  | GET    | /api/v1/territory/330110112001/people         | -                | 200    | -
			xy-secretary  | GET    | /api/v1/territory/330110112001/people         | -                | 200    | -
			xy-secretary  | GET    | /api/v1/territory/330110112000/people         | -                | 403    | -
			xy-clerk      | GET    | /api/v1/territory/330105012001/people         | -                | 403    | -
			dz-leader     | GET    | /api/v1/territory/330111004001/people         | -                | 200    | -
			dz-enterprise | GET    | /api/v1/territory/330111004000/people         | -                | 403    | -
			yf-culture    | GET    | /api/v1/territory/330109015000/people         | -                | 200    | -
			gl-supervisor | GET    | /api/v1/territory/330109015000/people         | -                | 403    | -
			admin         | GET    | /api/v1/territory/330105012099/people         | -                | 404    | -
			# ── CSV export: only in jurisdiction
			anonymous     | GET    | /api/v1/territory/330102014000/export         | -                | 401    | -
			sjq-staff     | GET    | /api/v1/territory/330102014000/export         | -                | 200    | -
			sjq-staff     | GET    | /api/v1/territory/330105012000/export         | -                | 403    | -
			sjq-staff     | GET    | /api/v1/territory/330102/export               | -                | 403    | -
			sq-staff      | GET    | /api/v1/territory/330105012001/export         | -                | 200    | -
			resident1     | GET    | /api/v1/territory/330102014001R001/export     | -                | 200    | -
			resident1     | GET    | /api/v1/territory/330102014001R002/export     | -                | 403    | -
			admin         | GET    | /api/v1/territory/330100/export               | -                | 200    | -
			# ── imports: administrators only
			anonymous     | POST   | /api/v1/territory/imports                     | csv-existing-row | 401    | -
			resident1     | POST   | /api/v1/territory/imports                     | csv-existing-row | 403    | -
			sjq-staff     | POST   | /api/v1/territory/imports                     | csv-existing-row | 403    | -
			sq-staff      | POST   | /api/v1/territory/imports                     | csv-existing-row | 403    | -
			dz-leader     | POST   | /api/v1/territory/imports                     | csv-existing-row | 403    | -
			admin         | POST   | /api/v1/territory/imports                     | csv-existing-row | 202    | -
			# ── working calendar: readable by everyone signed in
			anonymous     | GET    | /api/v1/workorders/calendar?year=2026         | -                | 401    | -
			resident1     | GET    | /api/v1/workorders/calendar?year=2026         | -                | 200    | -
			sjq-staff     | GET    | /api/v1/workorders/calendar?year=2026         | -                | 200    | -
			# ── who am I
			anonymous     | GET    | /api/v1/me                                    | -                | 401    | -
			resident1     | GET    | /api/v1/me                                    | -                | 200    | -
			admin         | GET    | /api/v1/me                                    | -                | 200    | -
			# ── user administration: administrators only
			dz-leader     | GET    | /api/v1/users                                 | -                | 403    | -
			bz-inspector  | GET    | /api/v1/users                                 | -                | 403    | -
			anonymous     | GET    | /api/v1/users                                 | -                | 401    | -
			admin         | GET    | /api/v1/users                                 | -                | 200    | -
			sjq-staff     | GET    | /api/v1/users                                 | -                | 403    | -
			resident1     | GET    | /api/v1/users                                 | -                | 403    | -
			# ── work orders: lists are scoped in SQL (everyone signed in gets 200, with what they may see)
			anonymous     | GET    | /api/v1/workorders                            | -                | 401    | -
			resident1     | GET    | /api/v1/workorders                            | -                | 200    | -
			sjq-staff     | GET    | /api/v1/workorders?queue=overdue              | -                | 200    | -
			dz-leader     | GET    | /api/v1/workorders?mine=true                  | -                | 200    | -
			sjq-staff     | GET    | /api/v1/workorders?queue=bogus                | -                | 400    | -
			anonymous     | GET    | /api/v1/workorders/categories                 | -                | 401    | -
			resident1     | GET    | /api/v1/workorders/categories                 | -                | 200    | -
			anonymous     | POST   | /api/v1/workorders                            | wo-sjq           | 401    | -
			resident1     | POST   | /api/v1/workorders                            | wo-sjq           | 201    | -
			sjq-staff     | POST   | /api/v1/workorders                            | wo-sjq           | 201    | -
			sq-staff      | POST   | /api/v1/workorders                            | wo-sq-hotline    | 201    | -
			sjq-staff     | POST   | /api/v1/workorders                            | wo-sq-hotline    | 403    | -
			resident1     | POST   | /api/v1/workorders                            | wo-sq-hotline    | 403    | -
			sjq-staff     | GET    | /api/v1/workorders/00000000-0000-0000-0000-000000000001 | -      | 404    | -
			sjq-staff     | GET    | /api/v1/workorders/HZ20000101-000000          | -                | 404    | -
			anonymous     | POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000001/accept | - | 401 | -
			sjq-staff     | POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000001/return | wo-reason | 404 | -
			# pages (session sign-in): anonymous callers go to the login page; the signed-in rows are in
			# org.civicloop.workorder.NotificationTests, org.civicloop.notification.NoticeEmailTests and WorkOrderEntryPagesTests
			anonymous     | GET    | /notifications                                | -                | 302    | -
			anonymous     | GET    | /notifications/count                          | -                | 302    | -
			anonymous     | GET    | /notifications?source=seal                    | -                | 302    | -
			# own account and the generator: signed-in rows in org.civicloop.identity.AccountEmailTests and
			# org.civicloop.workorder.internal.GeneratorPagesTests
			anonymous     | GET    | /me                                           | -                | 302    | -
			anonymous     | GET    | /admin/generator                              | -                | 302    | -
			anonymous     | GET    | /admin/generator/progress                     | -                | 302    | -
			admin         | GET    | /admin/generator                              | -                | 302    | bearer tokens do not open pages
			anonymous     | GET    | /workbench/new                                | -                | 302    | -
			# the leader dashboard and its drill-down lists: signed-in rows in org.civicloop.workorder.DashboardPagesTests
			anonymous     | GET    | /dashboard                                    | -                | 302    | -
			anonymous     | GET    | /dashboard/orders                             | -                | 302    | -
			# per-order denials (resident1 vs. another resident, sjq-staff vs. 石桥, escalation by residents)
			# need an order id: see org.civicloop.workorder.WorkOrderApiTests#jurisdiction and #returnRejectTransferEscalateMerge
			# ── Open311: public resources; the api_key (not a login) protects filing, so a bearer token does not help
			anonymous     | GET    | /open311/discovery.json                       | -                | 200    | -
			anonymous     | GET    | /open311/discovery.xml                        | -                | 200    | -
			anonymous     | POST   | /open311/v2/requests.json                     | -                | 403    | -
			admin         | POST   | /open311/v2/requests.json                     | -                | 403    | -
			# ── Open311 key administration is a page for administrators: without a session, the login page
			anonymous     | GET    | /admin/open311                                | -                | 302    | -
			# ── devices: staff inside their jurisdiction (per-device denials need a device: see
			# org.civicloop.device.DeviceApiTests#jurisdiction); registration and credentials: administrators
			anonymous     | GET    | /api/v1/devices                               | -                | 401    | -
			resident1     | GET    | /api/v1/devices                               | -                | 403    | -
			dz-enterprise | GET    | /api/v1/devices                               | -                | 403    | -
			sjq-staff     | GET    | /api/v1/devices                               | -                | 200    | -
			xy-secretary  | GET    | /api/v1/devices                               | -                | 200    | -
			bz-inspector  | GET    | /api/v1/devices?kind=SEAL_SLEEVE              | -                | 200    | -
			admin         | GET    | /api/v1/devices                               | -                | 200    | -
			anonymous     | POST   | /api/v1/devices                               | dev-reg          | 401    | -
			xy-secretary  | POST   | /api/v1/devices                               | dev-reg          | 403    | -
			bz-inspector  | POST   | /api/v1/devices                               | dev-reg          | 403    | -
			admin         | POST   | /api/v1/devices                               | dev-reg          | 201    | -
			xy-clerk      | GET    | /api/v1/devices/MATRIX-DEV-1                  | -                | 200    | -
			sjq-staff     | GET    | /api/v1/devices/MATRIX-DEV-1                  | -                | 403    | -
			resident1     | GET    | /api/v1/devices/MATRIX-DEV-1                  | -                | 403    | -
			admin         | GET    | /api/v1/devices/NO-SUCH-DEVICE                | -                | 404    | -
			anonymous     | POST   | /api/v1/devices/MATRIX-DEV-1/credentials      | -                | 401    | -
			xy-secretary  | POST   | /api/v1/devices/MATRIX-DEV-1/credentials      | -                | 403    | -
			sjq-staff     | POST   | /api/v1/devices/MATRIX-DEV-1/revoke           | wo-reason        | 403    | -
			# the device endpoints take no login (signatures authenticate), the platform key is public
			anonymous     | GET    | /api/v1/devices/platform-key                  | -                | 200    | -
			anonymous     | POST   | /api/v1/devices/MATRIX-DEV-1/messages         | dev-msg          | 200    | -
			anonymous     | GET    | /api/v1/devices/MATRIX-DEV-1/commands         | -                | 401    | -
			anonymous     | GET    | /devices                                      | -                | 302    | -
			anonymous     | GET    | /devices/MATRIX-DEV-1                         | -                | 302    | -
			admin         | GET    | /admin/open311                                | -                | 302    | bearer tokens do not open pages
			# ── smart seal: lists scoped in SQL (200 with what the caller may see); per-application denials need
			# an id: see org.civicloop.seal.SealFlowTests (other village's secretary/clerk, clerk approving …)
			anonymous     | GET    | /api/v1/seal/applications                     | -                | 401    | -
			xy-clerk      | GET    | /api/v1/seal/applications                     | -                | 200    | -
			resident1     | GET    | /api/v1/seal/applications?awaitingMe=true     | -                | 200    | -
			xy-secretary  | GET    | /api/v1/seal/applications?status=BOGUS        | -                | 400    | -
			xy-secretary  | GET    | /api/v1/seal/applications/00000000-0000-0000-0000-000000000001 | - | 404 | -
			xy-secretary  | POST   | /api/v1/seal/applications/00000000-0000-0000-0000-000000000001/approve | - | 404 | -
			xy-villager   | POST   | /api/v1/seal/applications/00000000-0000-0000-0000-000000000001/cancel | seal-comment | 404 | -
			xy-villager   | GET    | /api/v1/seal/stats                            | -                | 403    | -
			resident1     | POST   | /api/v1/seal/applications                     | seal-app-unknown | 400    | -
			anonymous     | POST   | /api/v1/seal/applications                     | seal-app-unknown | 401    | -
			anonymous     | GET    | /api/v1/seal/seals                            | -                | 401    | -
			xy-secretary  | GET    | /api/v1/seal/seals                            | -                | 200    | -
			xy-clerk      | POST   | /api/v1/seal/seals                            | seal-xy          | 403    | -
			bzc-secretary | POST   | /api/v1/seal/seals                            | seal-xy          | 403    | -
			sjq-staff     | POST   | /api/v1/seal/seals                            | seal-xy          | 403    | -
			resident1     | GET    | /api/v1/seal/items                            | -                | 200    | -
			xy-secretary  | PUT    | /api/v1/seal/items/certificate                | seal-item        | 403    | -
			anonymous     | GET    | /api/v1/seal/anomalies                        | -                | 401    | -
			bz-inspector  | GET    | /api/v1/seal/anomalies                        | -                | 200    | -
			bz-inspector  | POST   | /api/v1/seal/anomalies/00000000-0000-0000-0000-000000000001/work-order | - | 404 | -
			bz-inspector  | GET    | /api/v1/seal/stats                            | -                | 200    | -
			anonymous     | GET    | /seal                                         | -                | 302    | -
			anonymous     | GET    | /seal/oversight                               | -                | 302    | -
			anonymous     | GET    | /admin/seal/items                             | -                | 302    | -
			# ── the seal sleeve simulator: pages (demo mode or administrators; signed-in rows and the
			# jurisdiction denials in org.civicloop.simulator.SimulatorPagesTests)
			anonymous     | GET    | /simulator                                    | -                | 302    | -
			anonymous     | GET    | /simulator/SEAL-XY-01                         | -                | 302    | -
			admin         | GET    | /simulator                                    | -                | 302    | bearer tokens do not open pages
			""")
	void row(String caller, String method, String path, String body, int status, String flag) throws Exception {
		assertThat(call(caller, method, path, body)).as("%s %s %s as %s", method, path, body, caller).isEqualTo(status);
	}

	/**
	 * Search answers 200 to everyone signed in; what must not leak is the content: public divisions
	 * for all, grids, micro-grids, compounds and buildings only inside the caller's jurisdiction.
	 */
	@ParameterizedTest(name = "{0} searches {1}")
	@CsvSource(delimiter = '|', textBlock = """
			sjq-staff     | 330105012001   | 33010501
			sjq-staff     | 石桥社区         | 33010501
			sq-staff      | 3301020140     | 330102014001R
			sq-staff      | 观澜新村         | 330102014001R001
			resident1     | 330102014001   | 330102014001R002
			resident1     | 近江里          | 330102014001R002
			xy-clerk      | 3301           | 330105012001001
			""")
	void searchShowsOnlyWhatTheCallerMaySee(String caller, String q, String forbiddenPrefix) throws Exception {
		String json = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/territory")
			.param("q", q)
			.param("size", "200")
			.header("Authorization", tokens.bearer(caller)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		var items = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).path("items");
		assertThat(items.isArray()).as(json).isTrue();
		for (var item : items) {
			String code = item.path("code").asString();
			boolean publicDivision = org.civicloop.shared.TerritoryLevel.valueOf(item.path("level").asString()).isPublicDivision();
			assertThat(publicDivision || !code.startsWith(forbiddenPrefix))
				.as("%s sees %s (%s) searching %s", caller, code, item.path("level").asString(), q)
				.isTrue();
		}
	}

	@org.junit.jupiter.api.Test
	void searchShowsGridsInsideTheJurisdiction() throws Exception {
		mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/territory")
			.param("q", "330105012001")
			.param("size", "200")
			.header("Authorization", tokens.bearer("sq-staff")))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items[?(@.level == 'GRID')]")
				.isNotEmpty());
	}

	private int call(String caller, String method, String path, String body) throws Exception {
		MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path);
		if (!"anonymous".equals(caller)) {
			request.header("Authorization", tokens.bearer(caller));
		}
		if (body != null) {
			Body b = BODIES.get(body);
			assertThat(b).as("body %s", body).isNotNull();
			request.contentType(b.type()).content(b.content());
		}
		return mvc.perform(request).andReturn().getResponse().getStatus();
	}
}
