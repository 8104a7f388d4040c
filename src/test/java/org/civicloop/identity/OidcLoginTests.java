package org.civicloop.identity;

import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The provincial single sign-on switched on with a registration given entirely in properties:
 * every endpoint is explicit, so nothing is fetched from the (unreachable) provider at start-up.
 */
@CivicLoopTest
@TestPropertySource(properties = {
		"civicloop.oidc.enabled=true",
		"spring.security.oauth2.client.registration.provincial.client-id=civicloop-test",
		"spring.security.oauth2.client.registration.provincial.client-secret=test-secret",
		"spring.security.oauth2.client.registration.provincial.client-name=浙政钉",
		"spring.security.oauth2.client.registration.provincial.authorization-grant-type=authorization_code",
		"spring.security.oauth2.client.registration.provincial.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
		"spring.security.oauth2.client.registration.provincial.scope=openid,profile",
		"spring.security.oauth2.client.registration.provincial.provider=provincial",
		"spring.security.oauth2.client.provider.provincial.authorization-uri=https://sso.zj.example/oauth2/authorize",
		"spring.security.oauth2.client.provider.provincial.token-uri=https://sso.zj.example/oauth2/token",
		"spring.security.oauth2.client.provider.provincial.jwk-set-uri=https://sso.zj.example/oauth2/jwks",
		"spring.security.oauth2.client.provider.provincial.user-info-uri=https://sso.zj.example/oauth2/userinfo",
		"spring.security.oauth2.client.provider.provincial.user-name-attribute=sub" })
class OidcLoginTests {

	@Autowired
	MockMvc mvc;

	@Test
	void theLoginPageOffersTheSingleSignOn() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/oauth2/authorization/provincial\"")));
	}

	@Test
	void theSingleSignOnRedirectsToTheProvider() throws Exception {
		String location = mvc.perform(get("/oauth2/authorization/provincial"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith("https://sso.zj.example/oauth2/authorize?")
			.contains("response_type=code", "client_id=civicloop-test", "scope=openid%20profile", "state=", "nonce=",
					"redirect_uri=http://localhost/login/oauth2/code/provincial");
	}

	@Test
	void passwordSignInStillWorks() throws Exception {
		mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin("/login")
			.user("sjq-staff")
			.password("Demo@2026")).andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/"));
	}
}
