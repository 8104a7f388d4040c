package org.civicloop.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Bearer tokens for the demo accounts, fetched once through the real token endpoint. */
@TestComponent
public class TestTokens {

	public static final String PASSWORD = "Demo@2026";

	private final MockMvc mvc;
	private final Map<String, String> cache = new ConcurrentHashMap<>();

	public TestTokens(MockMvc mvc) {
		this.mvc = mvc;
	}

	public String tokenFor(String username) {
		return cache.computeIfAbsent(username, u -> {
			try {
				String body = mvc
					.perform(MockMvcRequestBuilders.post("/api/v1/auth/token")
						.contentType(MediaType.APPLICATION_JSON)
						.content("{\"username\":\"" + u + "\",\"password\":\"" + PASSWORD + "\"}"))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString();
				return body.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
			}
			catch (Exception e) {
				throw new IllegalStateException("No token for " + u, e);
			}
		});
	}

	/** The value for an {@code Authorization} header. */
	public String bearer(String username) {
		return "Bearer " + tokenFor(username);
	}
}
