package org.civicloop.open311;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.civicloop.open311.internal.ApiKeys;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.WorkOrderView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The GeoReport v2 contract, resource by resource, in JSON and in XML (parsed with the JDK's DOM
 * parser): element names and nesting as in the spec, and every error in the spec's error format.
 */
@Open311Test
class Open311ContractTests {

	static final String KEY = ApiKeys.DEMO_KEY;
	static final String DATETIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00";
	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	FakeWorkOrders orders;

	@Autowired
	ApiKeys keys;

	@BeforeEach
	void reset() {
		orders.reset();
	}

	// ── helpers ───────────────────────────────────────────────────────────────

	MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
		return mvc.perform(request).andReturn().getResponse();
	}

	JsonNode json(MockHttpServletResponse r, int status) throws Exception {
		assertThat(r.getStatus()).as(r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(status);
		assertThat(r.getContentType()).startsWith("application/json");
		return JSON.readTree(r.getContentAsByteArray());
	}

	Element xml(MockHttpServletResponse r, int status) throws Exception {
		assertThat(r.getStatus()).as(r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(status);
		assertThat(r.getContentType()).startsWith("text/xml");
		return Xml.parse(r.getContentAsByteArray());
	}

	void jsonError(MockHttpServletResponse r, int status) throws Exception {
		JsonNode errors = json(r, status);
		assertThat(errors.isArray()).isTrue();
		assertThat(errors.get(0).path("code").asInt()).isEqualTo(status);
		assertThat(errors.get(0).path("description").asString()).isNotBlank();
	}

	void xmlError(MockHttpServletResponse r, int status) throws Exception {
		Element errors = xml(r, status);
		assertThat(errors.getTagName()).isEqualTo("errors");
		Element error = Xml.children(errors).get(0);
		assertThat(error.getTagName()).isEqualTo("error");
		assertThat(Xml.childNames(error)).containsExactly("code", "description");
		assertThat(Xml.text(error, "code")).isEqualTo(String.valueOf(status));
		assertThat(Xml.text(error, "description")).isNotBlank();
	}

	MockHttpServletRequestBuilder file(String format, String... params) {
		MockHttpServletRequestBuilder b = post("/open311/v2/requests." + format).contentType(MediaType.APPLICATION_FORM_URLENCODED);
		for (int i = 0; i < params.length; i += 2) {
			b.param(params[i], params[i + 1]);
		}
		return b;
	}

	static final String[] LIGHT = { "api_key", KEY, "service_code", "street-light", "lat", "30.2741", "long", "120.1551",
			"attribute[pole_type]", "double", "description", "路灯不亮" };

	WorkOrderView seed(WorkOrderState state, Channel channel, boolean anonymous) {
		return orders.seed("pothole", "坑", state, channel, "330102014001R001", 30.274149, 120.155123, "观澜新村 3 幢 201",
				anonymous, Instant.now().minus(1, ChronoUnit.DAYS));
	}

	// ── discovery ─────────────────────────────────────────────────────────────

	@Test
	void discoveryInJson() throws Exception {
		JsonNode d = json(call(get("/open311/discovery.json")), 200);
		assertThat(d.path("changeset").asString()).matches(DATETIME);
		assertThat(d.path("contact").asString()).isNotBlank();
		assertThat(d.path("key_service").asString()).contains("/admin/open311");
		JsonNode endpoint = d.path("endpoints").get(0);
		assertThat(endpoint.path("specification").asString()).isEqualTo("http://wiki.open311.org/GeoReport_v2");
		assertThat(endpoint.path("url").asString()).isEqualTo("http://localhost/open311/v2");
		assertThat(endpoint.path("type").asString()).isEqualTo("production");
		assertThat(endpoint.path("formats").toString()).contains("application/json", "text/xml");
	}

	@Test
	void discoveryInXml() throws Exception {
		Element d = xml(call(get("/open311/discovery.xml")), 200);
		assertThat(d.getTagName()).isEqualTo("discovery");
		assertThat(Xml.childNames(d)).containsExactly("changeset", "contact", "key_service", "endpoints");
		Element endpoint = Xml.child(Xml.child(d, "endpoints"), "endpoint");
		assertThat(Xml.text(endpoint, "specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
		assertThat(Xml.text(endpoint, "url")).endsWith("/open311/v2");
		assertThat(Xml.children(Xml.child(endpoint, "formats")).stream().map(e -> e.getTagName() + "=" + e.getTextContent()))
			.containsExactlyInAnyOrder("format=application/json", "format=text/xml");
	}

	// ── services ──────────────────────────────────────────────────────────────

	@Test
	void servicesInJson() throws Exception {
		JsonNode services = json(call(get("/open311/v2/services.json")), 200);
		assertThat(services.isArray()).isTrue();
		assertThat(services.valueStream().map(s -> s.path("service_code").asString()))
			.containsExactly("street-light", "noise", "pothole");
		JsonNode light = services.get(0);
		assertThat(light.path("service_name").asString()).isEqualTo("路灯故障");
		assertThat(light.path("metadata").asBoolean()).isTrue();
		assertThat(light.path("type").asString()).isEqualTo("realtime");
		assertThat(light.path("group").asString()).isEqualTo("城市管理");
		assertThat(light.has("keywords")).isTrue();
		assertThat(light.has("description")).isTrue();
		assertThat(services.get(2).path("metadata").asBoolean()).isFalse();
	}

	@Test
	void servicesInXmlInEnglish() throws Exception {
		Element services = xml(call(get("/open311/v2/services.xml").header("Accept-Language", "en")), 200);
		assertThat(services.getTagName()).isEqualTo("services");
		assertThat(Xml.childNames(services)).containsOnly("service").hasSize(3);
		Element light = Xml.children(services).get(0);
		assertThat(Xml.childNames(light)).containsExactly("service_code", "service_name", "description", "metadata", "type",
				"keywords", "group");
		assertThat(Xml.text(light, "service_name")).isEqualTo("Street light out");
		assertThat(Xml.text(light, "metadata")).isEqualTo("true");
	}

	@Test
	void serviceDefinitionInJson() throws Exception {
		JsonNode d = json(call(get("/open311/v2/services/noise.json")), 200);
		assertThat(d.path("service_code").asString()).isEqualTo("noise");
		JsonNode when = d.path("attributes").get(0);
		assertThat(when.path("variable").asBoolean()).isTrue();
		assertThat(when.path("code").asString()).isEqualTo("when");
		assertThat(when.path("datatype").asString()).isEqualTo("multivaluelist");
		assertThat(when.path("required").asBoolean()).isTrue();
		assertThat(when.path("datatype_description").asString()).isNotBlank();
		assertThat(when.path("order").asInt()).isEqualTo(1);
		assertThat(when.path("description").asString()).isEqualTo("发生时段");
		assertThat(when.path("values").get(0).path("key").asString()).isEqualTo("night");
		assertThat(when.path("values").get(0).path("name").asString()).isEqualTo("Night");
		assertThat(d.path("attributes").get(1).path("datatype").asString()).isEqualTo("datetime");
	}

	@Test
	void serviceDefinitionInXml() throws Exception {
		Element d = xml(call(get("/open311/v2/services/street-light.xml")), 200);
		assertThat(d.getTagName()).isEqualTo("service_definition");
		assertThat(Xml.childNames(d)).containsExactly("service_code", "attributes");
		List<Element> attributes = Xml.children(Xml.child(d, "attributes"));
		assertThat(attributes).extracting(Element::getTagName).containsExactly("attribute", "attribute");
		Element pole = attributes.get(0);
		assertThat(Xml.childNames(pole)).containsExactly("variable", "code", "datatype", "required", "datatype_description",
				"order", "description", "values");
		Element value = Xml.children(Xml.child(pole, "values")).get(1);
		assertThat(value.getTagName()).isEqualTo("value");
		assertThat(Xml.text(value, "key")).isEqualTo("double");
		assertThat(Xml.text(value, "name")).isEqualTo("Double lamp");
		assertThat(Xml.text(attributes.get(1), "datatype")).isEqualTo("number");
		assertThat(Xml.text(attributes.get(1), "required")).isEqualTo("false");
	}

	@Test
	void unknownOrRetiredServiceIsA404() throws Exception {
		jsonError(call(get("/open311/v2/services/nope.json")), 404);
		xmlError(call(get("/open311/v2/services/nope.xml")), 404);
		jsonError(call(get("/open311/v2/services/retired.json")), 404);
	}

	// ── POST requests ─────────────────────────────────────────────────────────

	@Test
	void fileARequestInJson() throws Exception {
		JsonNode answer = json(call(file("json", LIGHT).param("attribute[pole_number]", "17")
			.param("email", "a@example.com").param("first_name", "小").param("last_name", "王")), 200);
		JsonNode r = answer.get(0);
		String id = r.path("service_request_id").asString();
		assertThat(id).startsWith("HZ");
		assertThat(r.path("service_notice").asString()).contains(id);
		assertThat(r.has("account_id")).isTrue();
		assertThat(r.path("token").asString()).isNotBlank();

		NewWorkOrder received = orders.received().get(0);
		assertThat(received.channel()).isEqualTo(Channel.OPEN311);
		assertThat(received.categoryCode()).isEqualTo("street-light");
		assertThat(received.lat()).isEqualTo(30.2741);
		assertThat(received.lng()).isEqualTo(120.1551);
		assertThat(received.territoryCode()).as("placed by the facade").isNull();
		assertThat(received.attributes()).isEqualTo(Map.of("pole_type", "double", "pole_number", "17"));
		assertThat(received.anonymous()).isFalse();
		assertThat(received.requesterName()).isEqualTo("小 王");
		assertThat(received.requesterContact()).isEqualTo("a@example.com");
		assertThat(received.requesterId()).isNull();
	}

	@Test
	void mediaUrlAccountAndDeviceAreKeptAndOnlyTheMediaIsPublished() throws Exception {
		String media = "https://img.example.org/p/42.jpg";
		String id = json(call(file("json", LIGHT).param("media_url", media).param("account_id", "acc-77")
			.param("device_id", "dev-88")), 200).get(0).path("service_request_id").asString();
		NewWorkOrder received = orders.received().get(orders.received().size() - 1);
		assertThat(received.attributes()).containsEntry("open311.media_url", media)
			.containsEntry("open311.account_id", "acc-77").containsEntry("open311.device_id", "dev-88");
		assertThat(received.description()).doesNotContain(media);

		JsonNode r = json(call(get("/open311/v2/requests/" + id + ".json")), 200).get(0);
		assertThat(r.path("media_url").asString()).isEqualTo(media);
		Element x = Xml.child(xml(call(get("/open311/v2/requests/" + id + ".xml")), 200), "request");
		assertThat(Xml.text(x, "media_url")).isEqualTo(media);
		assertThat(json(call(get("/open311/v2/requests.json").param("service_request_id", id)), 200).get(0)
			.path("media_url").asString()).isEqualTo(media);
		for (String path : List.of("/open311/v2/requests/" + id + ".json", "/open311/v2/requests/" + id + ".xml")) {
			assertThat(call(get(path)).getContentAsString(StandardCharsets.UTF_8)).doesNotContain("acc-77", "dev-88");
		}
		// without one, the field is there and empty
		String plain = json(call(file("json", LIGHT)), 200).get(0).path("service_request_id").asString();
		JsonNode p = json(call(get("/open311/v2/requests/" + plain + ".json")), 200).get(0);
		assertThat(p.has("media_url")).isTrue();
		assertThat(p.path("media_url").isNull()).isTrue();
		// too long to keep: a clear 400
		jsonError(call(file("json", LIGHT).param("media_url", "https://x.example.org/" + "a".repeat(500))), 400);
		jsonError(call(file("json", LIGHT).param("device_id", "d".repeat(501))), 400);
	}

	@Test
	void fileARequestInXmlWithAnAddressAndAMultiValueAttribute() throws Exception {
		Element requests = xml(call(file("xml", "api_key", KEY, "service_code", "noise", "address_string", "文三路 90 号",
				"attribute[when][]", "night", "description", "<script>alert(1)</script>").param("attribute[when][]", "weekend")),
				200);
		assertThat(requests.getTagName()).isEqualTo("service_requests");
		Element r = Xml.child(requests, "request");
		assertThat(Xml.childNames(r)).contains("service_request_id", "service_notice", "account_id");
		NewWorkOrder received = orders.received().get(0);
		assertThat(received.attributes()).containsEntry("when", "night,weekend");
		assertThat(received.address()).isEqualTo("文三路 90 号");
		assertThat(received.anonymous()).isTrue();
		assertThat(received.description()).isEqualTo("<script>alert(1)</script>");
		// and it comes back as text, escaped by the XML writer
		String id = Xml.text(r, "service_request_id");
		Element back = Xml.child(xml(call(get("/open311/v2/requests/" + id + ".xml")), 200), "request");
		assertThat(Xml.text(back, "description")).isEqualTo("<script>alert(1)</script>");
	}

	@Test
	void addressIdIsATerritoryCode() throws Exception {
		json(call(file("json", "api_key", KEY, "service_code", "pothole", "address_id", "330105012001")), 200);
		assertThat(orders.received().get(0).territoryCode()).isEqualTo("330105012001");
	}

	@Test
	void idempotencyKeyReturnsTheFirstOrder() throws Exception {
		String a = json(call(file("json", LIGHT).header("Idempotency-Key", "k-1")), 200).get(0).path("service_request_id").asString();
		String b = json(call(file("json", LIGHT).header("Idempotency-Key", "k-1")), 200).get(0).path("service_request_id").asString();
		assertThat(b).isEqualTo(a);
		assertThat(orders.received().get(0).idempotencyKey()).startsWith("open311:").endsWith(":k-1");
	}

	@Test
	void withoutAValidApiKeyIsA403() throws Exception {
		jsonError(call(file("json", "service_code", "pothole", "lat", "30", "long", "120")), 403);
		xmlError(call(file("xml", "service_code", "pothole", "lat", "30", "long", "120")), 403);
		jsonError(call(file("json", "api_key", "wrong", "service_code", "pothole", "lat", "30", "long", "120")), 403);
		ApiKeys.Issued issued = keys.issue("to revoke", "test");
		json(call(file("json", "api_key", issued.clearKey(), "service_code", "pothole", "lat", "30", "long", "120")), 200);
		keys.revoke(issued.key().id(), "test");
		jsonError(call(file("json", "api_key", issued.clearKey(), "service_code", "pothole", "lat", "30", "long", "120")), 403);
		assertThat(orders.received()).hasSize(1);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			missing service_code         | -            | lat=30&long=120
			unknown service_code         | nope         | lat=30&long=120
			retired service_code         | retired      | lat=30&long=120
			no location                  | pothole      | description=x
			lat not a number             | pothole      | lat=abc&long=120
			lat out of range             | pothole      | lat=91&long=120
			long out of range            | pothole      | lat=30&long=-180.5
			lat NaN                      | pothole      | lat=NaN&long=120
			lat without long             | pothole      | lat=30
			bad address_id               | pothole      | address_id=../etc
			bad email                    | pothole      | lat=30&long=120&email=nobody
			bad media_url                | pothole      | lat=30&long=120&media_url=javascript:alert(1)
			missing required attribute   | street-light | lat=30&long=120
			value not in the list        | street-light | lat=30&long=120&attribute[pole_type]=triple
			unknown attribute            | pothole      | lat=30&long=120&attribute[colour]=red
			malformed attribute          | pothole      | lat=30&long=120&attribute[x
			number attribute not number  | street-light | lat=30&long=120&attribute[pole_type]=single&attribute[pole_number]=x
			two values for a single list | street-light | lat=30&long=120&attribute[pole_type]=single&attribute[pole_type]=double
			datetime attribute bad       | noise        | lat=30&long=120&attribute[when]=night&attribute[since]=yesterday
			service_code twice           | pothole      | lat=30&long=120&service_code=noise
			""")
	void invalidRequestIsA400(String name, String serviceCode, String query) throws Exception {
		for (String format : List.of("json", "xml")) {
			MockHttpServletRequestBuilder b = file(format, "api_key", KEY);
			if (serviceCode != null) {
				b.param("service_code", serviceCode);
			}
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				b.param(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
			}
			if (format.equals("json")) {
				jsonError(call(b), 400);
			}
			else {
				xmlError(call(b), 400);
			}
		}
		assertThat(orders.received()).isEmpty();
	}

	@Test
	void tooLongDescriptionIsA400AndOversizedBodyA413() throws Exception {
		jsonError(call(file("json", "api_key", KEY, "service_code", "pothole", "lat", "30", "long", "120", "description",
				"长".repeat(4001))), 400);
		byte[] big = ("api_key=" + KEY + "&service_code=pothole&lat=30&long=120&description=" + "x".repeat(2 * 1024 * 1024))
			.getBytes(StandardCharsets.UTF_8);
		xmlError(call(post("/open311/v2/requests.xml").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(big)), 413);
		assertThat(orders.received()).isEmpty();
	}

	// ── GET requests ──────────────────────────────────────────────────────────

	@Test
	void oneRequestInJsonWithEveryField() throws Exception {
		WorkOrderView o = orders.advance(seed(WorkOrderState.SUBMITTED, Channel.OPEN311, false).number(),
				WorkOrderState.REPLIED, "已修复", Instant.now());
		JsonNode list = json(call(get("/open311/v2/requests/" + o.number() + ".json")), 200);
		assertThat(list.isArray()).isTrue();
		JsonNode r = list.get(0);
		assertThat(r.propertyNames()).containsExactly("service_request_id", "status", "status_notes", "service_name",
				"service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
				"updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
				"extended_attributes");
		assertThat(r.path("status").asString()).isEqualTo("closed");
		assertThat(r.path("status_notes").asString()).isEqualTo("已修复");
		assertThat(r.path("service_name").asString()).isEqualTo("道路坑洼");
		assertThat(r.path("requested_datetime").asString()).matches(DATETIME);
		assertThat(r.path("updated_datetime").asString()).matches(DATETIME);
		assertThat(OffsetDateTime.parse(r.path("requested_datetime").asString()).toInstant())
			.isEqualTo(o.submittedAt().truncatedTo(ChronoUnit.SECONDS));
		assertThat(r.path("expected_datetime").isNull()).as("closed: nothing expected").isTrue();
		assertThat(r.path("address").asString()).isEqualTo("观澜新村 3 幢 201");
		assertThat(r.path("address_id").asString()).isEqualTo("330102014001R001");
		assertThat(r.path("lat").asDouble()).isEqualTo(30.274149);
		assertThat(r.path("long").asDouble()).isEqualTo(120.155123);
		assertThat(r.path("extended_attributes").path("status").asString()).isEqualTo("FIXED");
	}

	@Test
	void oneRequestInXml() throws Exception {
		WorkOrderView o = seed(WorkOrderState.ACCEPTED, Channel.RESIDENT_WEB, false);
		Element list = xml(call(get("/open311/v2/requests/" + o.number() + ".xml")), 200);
		assertThat(list.getTagName()).isEqualTo("service_requests");
		Element r = Xml.child(list, "request");
		assertThat(Xml.childNames(r)).startsWith("service_request_id", "status", "status_notes", "service_name", "service_code");
		assertThat(Xml.text(r, "status")).isEqualTo("open");
		assertThat(Xml.text(r, "expected_datetime")).matches(DATETIME);
		assertThat(Xml.text(r, "requested_datetime")).matches(DATETIME);
		assertThat(Xml.text(Xml.child(r, "extended_attributes"), "status")).isEqualTo("ACTION_SCHEDULED");
		assertThat(Xml.text(r, "zipcode")).isEmpty();
	}

	@Test
	void unknownRequestIsA404() throws Exception {
		jsonError(call(get("/open311/v2/requests/HZ20260101-999999.json")), 404);
		xmlError(call(get("/open311/v2/requests/HZ20260101-999999.xml")), 404);
	}

	@Test
	void ordersOfUnpublishedChannelsDoNotExistForOpen311() throws Exception {
		WorkOrderView hotline = seed(WorkOrderState.SUBMITTED, Channel.HOTLINE, false);
		WorkOrderView supervision = seed(WorkOrderState.SUBMITTED, Channel.SUPERVISION, false);
		WorkOrderView open311 = seed(WorkOrderState.SUBMITTED, Channel.OPEN311, false);
		jsonError(call(get("/open311/v2/requests/" + hotline.number() + ".json")), 404);
		JsonNode all = json(call(get("/open311/v2/requests.json")), 200);
		assertThat(all.valueStream().map(r -> r.path("service_request_id").asString())).containsExactly(open311.number());
		JsonNode updates = json(call(get("/open311/v2/servicerequestupdates.json")), 200);
		assertThat(updates.valueStream().map(r -> r.path("service_request_id").asString())).containsOnly(open311.number());
		jsonError(call(get("/open311/v2/tokens/" + supervision.id().value() + ".json")), 404);
	}

	@Test
	void anonymousRequestsShowNoPersonalDetails() throws Exception {
		WorkOrderView anon = seed(WorkOrderState.SUBMITTED, Channel.OPEN311, true);
		JsonNode r = json(call(get("/open311/v2/requests/" + anon.number() + ".json")), 200).get(0);
		assertThat(r.path("address").isNull()).isTrue();
		assertThat(r.path("address_id").isNull()).isTrue();
		assertThat(r.path("lat").asDouble()).isEqualTo(30.274);
		assertThat(r.path("long").asDouble()).isEqualTo(120.155);
		Element x = Xml.child(xml(call(get("/open311/v2/requests/" + anon.number() + ".xml")), 200), "request");
		assertThat(Xml.text(x, "address")).isEmpty();
		assertThat(Xml.text(x, "lat")).isEqualTo("30.274");
	}

	@Test
	void noRequestShowsWhoFiledIt() throws Exception {
		String id = json(call(file("json", LIGHT).param("email", "secret@example.com").param("phone", "13800000000")
			.param("first_name", "Secret").param("device_id", "dev-1").param("account_id", "acc-1")), 200)
			.get(0).path("service_request_id").asString();
		for (String path : List.of("/open311/v2/requests/" + id + ".json", "/open311/v2/requests/" + id + ".xml",
				"/open311/v2/requests.json", "/open311/v2/servicerequestupdates.xml")) {
			String body = call(get(path)).getContentAsString(StandardCharsets.UTF_8);
			assertThat(body).as(path).contains(id).doesNotContain("secret@example.com", "13800000000", "Secret", "dev-1",
					"acc-1", "email", "phone", "first_name", "requester");
		}
	}

	@Test
	void listFilters() throws Exception {
		WorkOrderView open = seed(WorkOrderState.IN_PROGRESS, Channel.OPEN311, false);
		WorkOrderView closed = seed(WorkOrderState.CLOSED, Channel.OPEN311, false);
		WorkOrderView light = orders.seed("street-light", "灯", WorkOrderState.SUBMITTED, Channel.OPEN311, "330102014001",
				30.1, 120.1, null, false, Instant.now().minus(2, ChronoUnit.HOURS));
		WorkOrderView old = orders.seed("pothole", "旧", WorkOrderState.SUBMITTED, Channel.OPEN311, "330102014001", 30.1,
				120.1, null, false, Instant.now().minus(100, ChronoUnit.DAYS));

		assertThat(ids(get("/open311/v2/requests.json"))).containsExactlyInAnyOrder(open.number(), closed.number(), light.number());
		assertThat(ids(get("/open311/v2/requests.json").param("status", "open"))).containsExactlyInAnyOrder(open.number(), light.number());
		assertThat(ids(get("/open311/v2/requests.json").param("status", "closed"))).containsExactly(closed.number());
		assertThat(ids(get("/open311/v2/requests.json").param("status", "open,closed"))).hasSize(3);
		assertThat(ids(get("/open311/v2/requests.json").param("service_code", "street-light"))).containsExactly(light.number());
		assertThat(ids(get("/open311/v2/requests.json").param("service_request_id", old.number() + ", " + open.number() + ",nope")))
			.containsExactly(old.number(), open.number());
		String start = OffsetDateTime.now().minusDays(120).toString();
		String end = OffsetDateTime.now().minusDays(40).toString();
		assertThat(ids(get("/open311/v2/requests.json").param("start_date", start).param("end_date", end)))
			.containsExactly(old.number());
		assertThat(ids(get("/open311/v2/requests.json").param("start_date", OffsetDateTime.now().minusDays(101).toLocalDate().toString())))
			.containsExactly(old.number());
		Element list = xml(call(get("/open311/v2/requests.xml")), 200);
		assertThat(Xml.childNames(list)).containsOnly("request").hasSize(3);
	}

	List<String> ids(MockHttpServletRequestBuilder request) throws Exception {
		return json(call(request), 200).valueStream().map(r -> r.path("service_request_id").asString()).toList();
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			status       | pending
			status       | open,maybe
			service_code | nope
			start_date   | yesterday
			end_date     | 2026-13-01
			range        | 91 days
			reversed     | end before start
			""")
	void badListFilterIsA400(String filter, String value) throws Exception {
		for (String format : List.of("json", "xml")) {
			MockHttpServletRequestBuilder b = get("/open311/v2/requests." + format);
			switch (filter) {
				case "range" -> b.param("start_date", "2026-01-01T00:00:00+08:00").param("end_date", "2026-04-02T00:00:01+08:00");
				case "reversed" -> b.param("start_date", "2026-02-01T00:00:00Z").param("end_date", "2026-01-01T00:00:00Z");
				default -> b.param(filter, value);
			}
			if (format.equals("json")) {
				jsonError(call(b), 400);
			}
			else {
				xmlError(call(b), 400);
			}
		}
	}

	@Test
	void exactlyNinetyDaysIsAllowed() throws Exception {
		json(call(get("/open311/v2/requests.json").param("start_date", "2026-01-01T00:00:00+08:00")
			.param("end_date", "2026-04-01T00:00:00+08:00")), 200);
		jsonError(call(get("/open311/v2/servicerequestupdates.json").param("start_date", "2026-01-01T00:00:00+08:00")
			.param("end_date", "2026-04-01T00:00:01+08:00")), 400);
	}

	// ── tokens ────────────────────────────────────────────────────────────────

	@Test
	void tokens() throws Exception {
		JsonNode filed = json(call(file("json", LIGHT)), 200).get(0);
		String token = filed.path("token").asString();
		JsonNode t = json(call(get("/open311/v2/tokens/" + token + ".json")), 200).get(0);
		assertThat(t.path("service_request_id").asString()).isEqualTo(filed.path("service_request_id").asString());
		assertThat(t.path("token").asString()).isEqualTo(token);
		Element x = Xml.child(xml(call(get("/open311/v2/tokens/" + token + ".xml")), 200), "request");
		assertThat(Xml.childNames(x)).containsExactly("service_request_id", "token");
		jsonError(call(get("/open311/v2/tokens/" + java.util.UUID.randomUUID() + ".json")), 404);
		xmlError(call(get("/open311/v2/tokens/not-a-token.xml")), 404);
	}

	// ── servicerequestupdates ─────────────────────────────────────────────────

	@Test
	void updatesInJsonAndXml() throws Exception {
		WorkOrderView o = seed(WorkOrderState.SUBMITTED, Channel.OPEN311, false);
		orders.advance(o.number(), WorkOrderState.ACCEPTED, "已签收", Instant.now().minusSeconds(60));
		orders.advance(o.number(), WorkOrderState.MERGED, "与 HZ… 合并", Instant.now().minusSeconds(30));
		JsonNode updates = json(call(get("/open311/v2/servicerequestupdates.json")), 200);
		assertThat(updates.valueStream().map(u -> u.path("status").asString())).containsExactly("OPEN", "ACTION_SCHEDULED", "DUPLICATE");
		JsonNode last = updates.get(2);
		assertThat(last.path("update_id").asString()).isNotBlank();
		assertThat(last.path("service_request_id").asString()).isEqualTo(o.number());
		assertThat(last.path("updated_datetime").asString()).matches(DATETIME);
		assertThat(last.path("description").asString()).isEqualTo("与 HZ… 合并");
		assertThat(last.has("media_url")).isTrue();
		assertThat(last.path("extended_attributes").path("status").asString()).isEqualTo("closed");

		Element x = xml(call(get("/open311/v2/servicerequestupdates.xml").param("start_date",
				OffsetDateTime.now().minusSeconds(45).toString())), 200);
		assertThat(x.getTagName()).isEqualTo("service_request_updates");
		assertThat(Xml.childNames(x)).containsExactly("request_update");
		Element u = Xml.children(x).get(0);
		assertThat(Xml.childNames(u)).startsWith("update_id", "service_request_id", "status", "updated_datetime", "description",
				"media_url");
		assertThat(Xml.text(u, "status")).isEqualTo("DUPLICATE");
	}

	// ── the state table, through the API ──────────────────────────────────────

	@ParameterizedTest(name = "{0} → {1} / {2}")
	@CsvSource(textBlock = """
			SUBMITTED,   open,   OPEN
			ACCEPTED,    open,   ACTION_SCHEDULED
			IN_PROGRESS, open,   IN_PROGRESS
			RETURNED,    open,   INVESTIGATING
			REPLIED,     closed, FIXED
			RATED,       closed, FIXED
			CLOSED,      closed, FIXED
			REJECTED,    closed, NOT_COUNCILS_RESPONSIBILITY
			MERGED,      closed, DUPLICATE
			""")
	void stateMapping(WorkOrderState state, String status, String extended) throws Exception {
		WorkOrderView o = seed(state, Channel.OPEN311, false);
		JsonNode r = json(call(get("/open311/v2/requests/" + o.number() + ".json")), 200).get(0);
		assertThat(r.path("status").asString()).isEqualTo(status);
		assertThat(r.path("extended_attributes").path("status").asString()).isEqualTo(extended);
	}

	// ── formats and unknown resources ─────────────────────────────────────────

	@ParameterizedTest
	@ValueSource(strings = { "/open311/discovery.yaml", "/open311/v2/services.html", "/open311/v2/services",
			"/open311/v2/services/noise.csv", "/open311/v2/services/noise", "/open311/v2/requests/HZ1.txt",
			"/open311/v2/tokens/abc", "/open311/v2/servicerequestupdates.rss", "/open311/v3/services.json", "/open311/" })
	void unknownFormatOrResourceIsA404InTheErrorFormat(String path) throws Exception {
		jsonError(call(get(path)), 404);
	}

	@Test
	void wrongMethodIsA405InTheErrorFormat() throws Exception {
		xmlError(call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/open311/v2/requests.xml")), 405);
		jsonError(call(post("/open311/v2/services.json")), 405);
	}

	@Test
	void noSessionCookieAndNoCsrfNeeded() throws Exception {
		MockHttpServletResponse r = call(file("json", LIGHT));
		assertThat(r.getStatus()).isEqualTo(200);
		assertThat(r.getHeader("Set-Cookie")).isNull();
	}
}
