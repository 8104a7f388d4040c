package org.civicloop.workorder.internal;

import java.util.List;
import java.util.UUID;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The duplicates index in memory against changes it did not make itself: orders filed and closed
 * by another instance (here: by SQL), reopened elsewhere, and this instance's own transitions. Each
 * case uses a place of its own, far from the demo data and the other cases.
 */
@CivicLoopTest
class OpenOrderIndexTests {

	static final String COMPOUND = "330102014001R001";

	@Autowired
	OpenOrderIndex index;

	@Autowired
	WorkOrderQueries queries;

	@Autowired
	WorkOrderService service;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	List<UUID> suggested(String category, double lat, double lng) {
		return queries.nearbyOpen(category, lat, lng, 200, null).stream().map(WorkOrderQueries.Nearby::id).toList();
	}

	List<UUID> proposed(String category, double lat, double lng) {
		return index.nearest(category, lat, lng, 200, 10, null).stream().map(OpenOrderGrid.Hit::id).toList();
	}

	/** An order stored by another instance: straight into the table, as its intake would. */
	UUID fileElsewhere(String category, double lat, double lng) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO workorder_order (id, version, number, category_code, description, territory_code, channel,
				  priority, state, submitted_at, updated_at, lat, lng)
				VALUES (:id, 0, :number, :cat, 'filed on another instance', :t, 'HOTLINE', 'GENERAL', 'SUBMITTED', now(),
				  now(), :lat, :lng)""")
			.param("id", id)
			.param("number", "X-" + id.toString().substring(0, 28))
			.param("cat", category)
			.param("t", COMPOUND)
			.param("lat", lat)
			.param("lng", lng)
			.update();
		return id;
	}

	@Test
	void anOrderFiledOnAnotherInstanceIsSuggestedAfterThePoll() {
		double lat = -43.0, lng = 91.0;
		UUID elsewhere = fileElsewhere("street-light", lat, lng + 0.0003);
		assertThat(suggested("street-light", lat, lng)).doesNotContain(elsewhere);
		index.poll();
		assertThat(suggested("street-light", lat, lng)).containsExactly(elsewhere);
	}

	@Test
	void anOrderClosedElsewhereIsNotSuggestedAndIsForgotten() {
		double lat = -44.0, lng = 92.0;
		WorkOrder o = service.submitOrder(new NewWorkOrder("street-light", "index test", COMPOUND, lat, lng, null,
				Channel.HOTLINE, null, false, null, null, null, null, null), "tester");
		assertThat(suggested("street-light", lat, lng)).containsExactly(o.id());
		jdbc.sql("UPDATE workorder_order SET state = 'CLOSED' WHERE id = :id").param("id", o.id()).update();
		assertThat(proposed("street-light", lat, lng)).containsExactly(o.id());
		assertThat(suggested("street-light", lat, lng)).isEmpty();
		assertThat(proposed("street-light", lat, lng)).isEmpty();

		// reopened elsewhere: back with the next rebuild (the poll reads by submission time only)
		jdbc.sql("UPDATE workorder_order SET state = 'SUBMITTED' WHERE id = :id").param("id", o.id()).update();
		index.rebuild();
		assertThat(suggested("street-light", lat, lng)).containsExactly(o.id());
	}

	@Test
	void thisInstancesTransitionsTakeAnOrderOutAtOnce() throws Exception {
		double lat = 30.2612, lng = 120.1234;
		JsonNode filed = JsonMapper.builder().build().readTree(mvc.perform(post("/api/v1/workorders")
			.header("Authorization", tokens.bearer("sjq-staff"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"categoryCode":"drain-blocked","description":"index test","territoryCode":"%s","lat":%s,"lng":%s,"channel":"VISIT"}"""
				.formatted(COMPOUND, lat, lng))).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
		UUID id = UUID.fromString(filed.path("order").path("id").asString());
		assertThat(proposed("drain-blocked", lat, lng)).contains(id);

		mvc.perform(post("/api/v1/workorders/" + id + "/reject").header("Authorization", tokens.bearer("sjq-staff"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\":\"not ours\"}")).andExpect(status().isOk());
		assertThat(proposed("drain-blocked", lat, lng)).doesNotContain(id);
	}
}
