package org.civicloop.open311;

import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.xpath;

/**
 * The application as it is built, whatever {@code WorkOrders} it has: it starts, discovery answers
 * and the key check comes first. Where no work-order implementation exists the other resources
 * answer 503 in the Open311 error format; where one exists they answer 200.
 */
@CivicLoopTest
class Open311WithoutWorkOrdersTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ObjectProvider<org.civicloop.workorder.WorkOrders> workOrders;

	@Test
	void discoveryAndTheKeyCheckNeedNoWorkOrders() throws Exception {
		mvc.perform(get("/open311/discovery.xml")).andExpect(status().isOk()).andExpect(xpath("/discovery/endpoints/endpoint/url").exists());
		mvc.perform(post("/open311/v2/requests.json").contentType(MediaType.APPLICATION_FORM_URLENCODED).param("service_code", "x"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$[0].code").value(403));
	}

	@Test
	void servicesAre503InTheErrorFormatOnlyWithoutAnImplementation() throws Exception {
		int expected = workOrders.getIfAvailable() == null ? 503 : 200;
		mvc.perform(get("/open311/v2/services.xml")).andExpect(status().is(expected));
		if (expected == 503) {
			mvc.perform(get("/open311/v2/services.json"))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
				.andExpect(jsonPath("$[0].code").value(503));
			assertThat(workOrders.getIfAvailable()).isNull();
		}
	}
}
