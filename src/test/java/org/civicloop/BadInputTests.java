package org.civicloop;

import java.nio.charset.StandardCharsets;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Whatever a client sends, the answer is a 4xx problem document, never a 5xx, and a rejected
 * write leaves nothing behind.
 */
@CivicLoopTest
@Tag("external-db")
class BadInputTests {

	static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
	static final String CSV_HEADER = "code,name,level,parent_code,lat,lng,demo\n";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@ParameterizedTest(name = "token request body {0}")
	@ValueSource(strings = { "{", "{\"username\":", "not json at all", "[]", "null", "\"admin\"",
			"{\"username\":1,\"password\":[]}", "{\"username\":{},\"password\":\"x\"}", "{}",
			"{\"username\":\"\",\"password\":\"\"}", "{\"username\":\"admin\"}" })
	void malformedOrMistypedTokenRequestIsAProblem(String body) throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().is4xxClientError())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void wrongTypesAreA400() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":1,\"password\":[]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM))
			.andExpect(jsonPath("$.status").value(400));
	}

	/** The problem body of answers given before a controller is chosen: see ErrorResponsesHttpTests. */
	@Test
	void wrongMediaTypeIs415() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.TEXT_PLAIN).content("admin:Demo@2026"))
			.andExpect(status().isUnsupportedMediaType());
	}

	@Test
	void unknownCodeIsA404Problem() throws Exception {
		mvc.perform(get("/api/v1/territory/330105012099").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM))
			.andExpect(jsonPath("$.status").value(404));
	}

	@ParameterizedTest(name = "malformed code {0}")
	@ValueSource(strings = { "abc", "33010", "3301000", "330000", "330100000000", "001234", "330102014001X001",
			"330102014001r001", "3301020140010010010010", "330100abc", "R001" })
	void malformedCodeIsA400Problem(String code) throws Exception {
		for (String suffix : new String[] { "", "/people", "/export" }) {
			mvc.perform(get("/api/v1/territory/" + code + suffix).header("Authorization", tokens.bearer("admin")))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(PROBLEM));
		}
	}

	@ParameterizedTest(name = "search {0}")
	@ValueSource(strings = { "page=abc", "size=xyz", "page=-1", "size=0", "size=100000", "page=1.5",
			"page=99999999999999999999", "q=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void badPagingIsA400Problem(String query) throws Exception {
		mvc.perform(get("/api/v1/territory?" + query).header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void importStatusWithABadIdIsA400() throws Exception {
		mvc.perform(get("/api/v1/territory/imports/not-a-uuid").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
		mvc.perform(get("/api/v1/territory/imports/00000000-0000-0000-0000-000000000000")
			.header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void badCsvImportIsRejectedWithItsErrorsAndWritesNothing() throws Exception {
		String csv = CSV_HEADER
				// a valid new compound …
				+ "330105012001R901,测试新小区,COMPOUND,330105012001,30.3,120.1,true\n"
				// … and bad rows: wrong code, unknown level, parent missing, bad latitude
				+ "ABC,坏编码,COMMUNITY,330105012000,30.3,120.1,true\n"
				+ "330105012001R902,坏层级,CASTLE,330105012001,30.3,120.1,true\n"
				+ "330105012098R001,无上级,COMPOUND,330105012098,30.3,120.1,true\n"
				+ "330105012001R903,坏纬度,COMPOUND,330105012001,north,120.1,true\n";
		mvc.perform(post("/api/v1/territory/imports").header("Authorization", tokens.bearer("admin"))
			.contentType("text/csv")
			.content(csv))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM))
			.andExpect(jsonPath("$.errors.length()").value(4))
			.andExpect(jsonPath("$.errors[*].line", hasItem(3)))
			.andExpect(jsonPath("$.errors[*].line", hasItem(6)));
		mvc.perform(get("/api/v1/territory/330105012001R901").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isNotFound());
	}

	@Test
	void badCsvUploadIsRejectedToo() throws Exception {
		MockMultipartFile file = new MockMultipartFile("file", "bad.csv", "text/csv",
				"this,is,not\nthe,right,header\n".getBytes(StandardCharsets.UTF_8));
		mvc.perform(multipart("/api/v1/territory/imports").file(file).header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM))
			.andExpect(jsonPath("$.errors[0].line").value(1));
	}

	@ParameterizedTest(name = "import body {0}")
	@ValueSource(strings = { "", "\n", "\"unterminated", "code,name\n1,2\n", "\u0000\u0001\u0002",
			"code,name,level,parent_code,lat,lng,demo,extra\n" })
	void degenerateCsvIsA400(String csv) throws Exception {
		mvc.perform(post("/api/v1/territory/imports").header("Authorization", tokens.bearer("admin"))
			.contentType("text/csv")
			.content(csv))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void oversizedJsonIsA413Problem() throws Exception {
		byte[] body = ("{\"username\":\"" + "a".repeat(1024 * 1024) + "\",\"password\":\"x\"}")
			.getBytes(StandardCharsets.UTF_8);
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM))
			.andExpect(jsonPath("$.status").value(413));
	}

	@Test
	void oversizedCsvBodyIsA413BeforeAuthentication() throws Exception {
		byte[] body = (CSV_HEADER + "x".repeat(1024 * 1024)).getBytes(StandardCharsets.UTF_8);
		mvc.perform(post("/api/v1/territory/imports").contentType("text/csv").content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void bodyJustUnderTheLimitIsParsed() throws Exception {
		String name = "a".repeat(1024 * 1024 - 100);
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + name + "\",\"password\":\"x\"}"))
			// reaches validation (@Size max 100) instead of the size guard
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	/**
	 * Odd requests of every kind (territory, identity and work-order endpoints): never a server error, and the class of answer expected
	 * ({@code 2xx} where the input is odd but legal). Answers produced by the error dispatch (404 for
	 * an unknown path, 405) have their bodies checked over HTTP in ErrorResponsesHttpTests, since
	 * MockMvc does not run the error dispatch.
	 */
	@ParameterizedTest(name = "{0} {1} {2} → {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			GET    | /api/v1/territory/%00                          | -                | 4xx
			GET    | /api/v1/territory/99999999999999999999999999   | -                | 4xx
			GET    | /api/v1/territory/330100/nope                  | -                | 4xx
			GET    | /api/v1/territory?q=%25%27%22%3B--             | -                | 2xx
			GET    | /api/v1/territory?q=_%25_%25_%25               | -                | 2xx
			GET    | /api/v1/territory?q=%E5%9B%9B%E5%AD%A3%E9%9D%92 | -               | 2xx
			GET    | /api/v1/territory?q=330102014                  | -                | 2xx
			GET    | /api/v1/territory?q=%00                        | -                | 4xx
			DELETE | /api/v1/territory/330100                       | -                | 4xx
			PUT    | /api/v1/territory/imports                      | text/csv         | 4xx
			POST   | /api/v1/territory/330100                       | application/json | 4xx
			POST   | /api/v1/territory/imports                      | application/json | 4xx
			POST   | /api/v1/territory/imports                      | application/xml  | 4xx
			GET    | /api/v1/auth/token                             | -                | 4xx
			POST   | /api/v1/me                                     | application/json | 4xx
			GET    | /api/v1/no-such-endpoint                       | -                | 4xx
			GET    | /api/v2/territory/330100                       | -                | 4xx
			GET    | /api/v1/workorders?page=abc                    | -                | 4xx
			GET    | /api/v1/workorders?size=xyz                    | -                | 4xx
			GET    | /api/v1/workorders?page=-1                     | -                | 4xx
			GET    | /api/v1/workorders?state=NOPE                  | -                | 4xx
			GET    | /api/v1/workorders?overdue=maybe               | -                | 4xx
			GET    | /api/v1/workorders?queue=%00                   | -                | 4xx
			GET    | /api/v1/workorders?category=%25%27%22%3B--     | -                | 2xx
			GET    | /api/v1/workorders?size=200                    | -                | 2xx
			GET    | /api/v1/workorders/categories                  | -                | 2xx
			GET    | /api/v1/workorders/not-an-id                   | -                | 4xx
			GET    | /api/v1/workorders/%00                         | -                | 4xx
			GET    | /api/v1/workorders/00000000-0000-0000-0000-000000000000 | -       | 4xx
			GET    | /api/v1/workorders/HZ20260101-999999           | -                | 4xx
			GET    | /api/v1/workorders/not-an-id/timeline          | -                | 4xx
			GET    | /api/v1/workorders/not-an-id/attachments/x     | -                | 4xx
			GET    | /api/v1/workorders/indicators?by=nope          | -                | 4xx
			GET    | /api/v1/workorders/indicators?from=abc         | -                | 4xx
			GET    | /api/v1/workorders/indicators?from=2026-02-01&to=2026-01-01 | -   | 4xx
			DELETE | /api/v1/workorders                             | -                | 4xx
			PUT    | /api/v1/workorders/00000000-0000-0000-0000-000000000000 | application/json | 4xx
			POST   | /api/v1/workorders                             | application/json | 4xx
			POST   | /api/v1/workorders                             | application/xml  | 4xx
			POST   | /api/v1/workorders                             | text/plain       | 4xx
			POST   | /api/v1/workorders/accept                      | application/json | 4xx
			POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000000/accept | application/json | 4xx
			POST   | /api/v1/workorders/not-an-id/rate              | application/json | 4xx
			POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000000/fly | application/json | 4xx
			POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000000/attachments | application/json | 4xx
			POST   | /api/v1/workorders/00000000-0000-0000-0000-000000000000/notes | application/json | 4xx
			GET    | /api/v1/seal/applications?page=-1              | -                | 4xx
			GET    | /api/v1/seal/applications?size=1000            | -                | 4xx
			GET    | /api/v1/seal/applications?size=abc             | -                | 4xx
			GET    | /api/v1/seal/applications?status=%00           | -                | 2xx
			GET    | /api/v1/seal/applications/not-an-id            | -                | 4xx
			GET    | /api/v1/seal/applications/%00                  | -                | 4xx
			GET    | /api/v1/seal/applications/00000000-0000-0000-0000-000000000000/trace | - | 4xx
			POST   | /api/v1/seal/applications                      | application/json | 4xx
			POST   | /api/v1/seal/applications                      | application/xml  | 4xx
			POST   | /api/v1/seal/applications                      | text/plain       | 4xx
			POST   | /api/v1/seal/applications/not-an-id/approve    | application/json | 4xx
			POST   | /api/v1/seal/applications/00000000-0000-0000-0000-000000000000/reject | application/json | 4xx
			POST   | /api/v1/seal/applications/00000000-0000-0000-0000-000000000000/document | application/json | 4xx
			POST   | /api/v1/seal/seals                             | application/json | 4xx
			POST   | /api/v1/seal/seals/not-an-id/device            | application/json | 4xx
			POST   | /api/v1/seal/seals/00000000-0000-0000-0000-000000000000/device | application/json | 4xx
			PUT    | /api/v1/seal/items/BAD%20CODE                  | application/json | 4xx
			PUT    | /api/v1/seal/items/x                           | application/json | 4xx
			GET    | /api/v1/seal/anomalies?limit=0                 | -                | 4xx
			GET    | /api/v1/seal/anomalies?limit=abc               | -                | 4xx
			GET    | /api/v1/seal/stats?days=0                      | -                | 4xx
			GET    | /api/v1/seal/stats?days=%25                    | -                | 4xx
			GET    | /api/v1/seal/stats                             | -                | 2xx
			GET    | /api/v1/seal/items                             | -                | 2xx
			POST   | /api/v1/seal/anomalies/not-an-id/work-order    | application/json | 4xx
			GET    | /api/v1/devices/%00                            | -                | 4xx
			GET    | /api/v1/devices/ab                             | -                | 4xx
			GET    | /api/v1/devices/no-such-device                 | -                | 4xx
			GET    | /api/v1/devices?kind=TOASTER                   | -                | 4xx
			POST   | /api/v1/devices                                | application/json | 4xx
			POST   | /api/v1/devices                                | application/xml  | 4xx
			POST   | /api/v1/devices/no-such-device/credentials     | -                | 4xx
			POST   | /api/v1/devices/%00/credentials                | -                | 4xx
			POST   | /api/v1/devices/no-such-device/revoke          | application/json | 4xx
			POST   | /api/v1/devices/no-such-device/messages        | application/json | 2xx
			POST   | /api/v1/devices/no-such-device/messages        | text/plain       | 2xx
			POST   | /api/v1/devices/%00/messages                   | text/plain       | 4xx
			POST   | /api/v1/devices/no-such-device/messages        | application/xml  | 4xx
			PUT    | /api/v1/devices/no-such-device/blobs/abc       | application/octet-stream | 4xx
			PUT    | /api/v1/devices/no-such-device/blobs/abc       | application/json | 4xx
			GET    | /api/v1/devices/no-such-device/commands        | -                | 4xx
			GET    | /api/v1/devices/platform-key                   | -                | 2xx
			""")
	void noServerErrorForInput(String method, String path, String type, String expected) throws Exception {
		var request = request(HttpMethod.valueOf(method), java.net.URI.create(path)).header("Authorization",
				tokens.bearer("admin"));
		if (type != null) {
			request.contentType(type).content("{\"x\":1}");
		}
		MvcResult r = mvc.perform(request).andReturn();
		int low = expected.equals("2xx") ? 200 : 400;
		assertThat(r.getResponse().getStatus()).as("%s %s", method, path).isBetween(low, low + 99);
	}

	@Test
	void valuesPostgresRefusesAreA400NotAConflict() throws Exception {
		// PostgreSQL text cannot hold NUL; the database's refusal is the client's error
		mvc.perform(get("/api/v1/territory").param("q", "a\u0000b").header("Authorization", tokens.bearer("admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@Test
	void problemDocumentsDoNotLeakInternals() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{\"username\":"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("tools.jackson"))))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("Exception"))));
	}

	// ---- work orders: POST /api/v1/workorders and GET /api/v1/workorders ----

	static final String SJQ = "330102014001R001";

	@ParameterizedTest(name = "work-order body: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			malformed json         | {"categoryCode":"noise","description":
			not an object          | [1,2,3]
			json null              | null
			a bare string          | "noise"
			empty object           | {}
			description is a list | {"categoryCode":"noise","description":["x"],"territoryCode":"330102014001R001"}
			category is a number   | {"categoryCode":12,"description":"x","territoryCode":"330102014001R001"}
			category is an object  | {"categoryCode":{"a":1},"description":"x","territoryCode":"330102014001R001"}
			lat is text            | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":"north","lng":120}
			lat is a list          | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":[30],"lng":120}
			anonymous is text      | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","anonymous":"perhaps"}
			unknown channel        | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","channel":"PIGEON"}
			unknown priority       | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","priority":"ASAP"}
			attributes not a map   | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","attributes":[1]}
			unknown category       | {"categoryCode":"no-such-category","description":"x","territoryCode":"330102014001R001"}
			blank category         | {"categoryCode":"","description":"x","territoryCode":"330102014001R001"}
			huge category code     | {"categoryCode":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","description":"x","territoryCode":"330102014001R001"}
			lat above 90           | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":90.0001,"lng":120}
			lat below -90          | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":-91,"lng":120}
			lng above 180          | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":30,"lng":180.5}
			lng below -180         | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":30,"lng":-181}
			lat 1e400              | {"categoryCode":"noise","description":"x","territoryCode":"330102014001R001","lat":1e400,"lng":120}
			territory with NUL     | {"categoryCode":"noise","description":"x","territoryCode":"3301\u0000"}
			description with NUL   | {"categoryCode":"noise","description":"a\u0000b","territoryCode":"330102014001R001"}
			""")
	void badWorkOrderBodyIsA4xxProblemAndStoresNothing(String name, String body) throws Exception {
		long before = workOrders();
		MvcResult r = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("sjq-staff"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andReturn();
		assertThat(r.getResponse().getStatus()).as("%s: %s", name, r.getResponse().getContentAsString()).isBetween(400, 499);
		assertThat(r.getResponse().getContentType()).as(name).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(workOrders()).as("orders after %s", name).isEqualTo(before);
	}

	/** A location far outside the city (0°, 0°, in the Gulf of Guinea) is refused, not placed on the nearest district. */
	@Test
	void locationOutsideTheTreeIsA400() throws Exception {
		long before = workOrders();
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"categoryCode\":\"noise\",\"description\":\"x\",\"lat\":0,\"lng\":0}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
		assertThat(workOrders()).isEqualTo(before);
	}

	@ParameterizedTest(name = "description of {0} characters")
	@ValueSource(ints = { 2001, 100_000, 1_000_000 })
	void oversizedDescriptionIsA4xxProblem(int length) throws Exception {
		long before = workOrders();
		String body = "{\"categoryCode\":\"noise\",\"description\":\"" + "噪".repeat(length)
				+ "\",\"territoryCode\":\"" + SJQ + "\"}";
		MvcResult r = mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.getBytes(StandardCharsets.UTF_8))).andReturn();
		// 400 from validation, or 413 when the body is over the JSON size limit
		assertThat(r.getResponse().getStatus()).isIn(400, 413);
		assertThat(r.getResponse().getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(workOrders()).isEqualTo(before);
	}

	@Test
	void tenMegabyteDescriptionIsA413BeforeParsing() throws Exception {
		byte[] body = ("{\"categoryCode\":\"noise\",\"description\":\"" + "x".repeat(10 * 1024 * 1024)
				+ "\",\"territoryCode\":\"" + SJQ + "\"}").getBytes(StandardCharsets.UTF_8);
		mvc.perform(post("/api/v1/workorders").header("Authorization", tokens.bearer("resident1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body))
			.andExpect(status().isContentTooLarge())
			.andExpect(content().contentTypeCompatibleWith(PROBLEM));
	}

	@ParameterizedTest(name = "list {0}")
	@ValueSource(strings = { "page=abc", "size=xyz", "page=1.5", "page=-1", "size=0", "size=100000",
			"page=99999999999999999999", "state=NOPE", "overdue=maybe", "mine=perhaps",
			"category=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void badWorkOrderListParametersAreA400Problem(String query) throws Exception {
		for (String user : new String[] { "sjq-staff", "resident1" }) {
			mvc.perform(get("/api/v1/workorders?" + query).header("Authorization", tokens.bearer(user)))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(PROBLEM));
		}
	}

	/** The simulator page's odd inputs: unknown or malformed device ids, actions, flags — a 4xx page. */
	@ParameterizedTest(name = "simulator {0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			GET  | /simulator/ab                                |
			GET  | /simulator/NO-SUCH-DEVICE                    |
			GET  | /simulator/NO-SUCH-DEVICE/log                |
			GET  | /simulator/NO-SUCH-DEVICE/status             |
			GET  | /simulator/%2E%2E                            |
			POST | /simulator/NO-SUCH-DEVICE/connect            | auto=perhaps
			POST | /simulator/NO-SUCH-DEVICE/act                |
			POST | /simulator/NO-SUCH-DEVICE/act                | action=explode
			POST | /simulator/NO-SUCH-DEVICE/misbehave          | m=teleport&on=yes
			POST | /simulator/NO-SUCH-DEVICE/misbehave          | on=true
			""")
	void oddSimulatorInputsAreA4xxPage(String method, String path, String query) throws Exception {
		org.springframework.mock.web.MockHttpSession admin = (org.springframework.mock.web.MockHttpSession) mvc
			.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
				.user("admin")
				.password(TestTokens.PASSWORD))
			.andReturn()
			.getRequest()
			.getSession(false);
		var req = request(HttpMethod.valueOf(method), path + (query == null ? "" : "?" + query)).session(admin)
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf());
		mvc.perform(req).andExpect(status().is4xxClientError());
	}

	long workOrders() {
		return jdbc.sql("SELECT count(*) FROM workorder_order").query(Long.class).single();
	}
}
