package org.civicloop.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.platform.DataFolder;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CivicLoopTest
class TokenEndpointTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	DataFolder data;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	JdbcClient jdbc;

	@Test
	void goodCredentialsGiveABearerToken() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"sjq-staff\",\"password\":\"" + TestTokens.PASSWORD + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.access_token").isString())
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.expires_in").value(3600));
	}

	@Test
	void theTokenIdentifiesItsOwner() throws Exception {
		mvc.perform(get("/api/v1/me").header("Authorization", tokens.bearer("sjq-staff")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.username").value("sjq-staff"))
			.andExpect(jsonPath("$.territories[0]").value("330102014000"));
	}

	@Test
	void aWrongPasswordIs401ProblemJson() throws Exception {
		String u = new IdentityFixtures(accounts, encoder, jdbc, mvc).user("tokbad", "330102014000", Role.STREET_STAFF)
			.username();
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"" + u + "\",\"password\":\"not-it-1\"}"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void malformedJsonIs400ProblemJson() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{\"username\": \"admin\","))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void missingFieldsAre400() throws Exception {
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"admin\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void anExpiredTokenIsRefused() throws Exception {
		byte[] key = data.secret("token-hmac.key", 32); // the application's own key
		String expired = sign(key, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
		mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + expired))
			.andExpect(status().isUnauthorized())
			.andExpect(header().exists("WWW-Authenticate"));
	}

	@Test
	void aForgedTokenIsRefused() throws Exception {
		byte[] otherKey = new byte[32];
		new java.security.SecureRandom().nextBytes(otherKey);
		String forged = sign(otherKey, Instant.now(), Instant.now().plusSeconds(3600));
		mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + forged)).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/v1/me").header("Authorization", "Bearer not.a.jwt")).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/v1/me")).andExpect(status().isUnauthorized());
	}

	@Test
	void aTokenOfAnotherIssuerIsRefusedEvenWithTheApplicationsKey() throws Exception {
		byte[] key = data.secret("token-hmac.key", 32);
		UUID admin = jdbc.sql("SELECT id FROM identity_user WHERE username = 'admin'").query(UUID.class).single();
		Instant now = Instant.now();
		mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + sign(key, "civicloop", admin, now, now.plusSeconds(3600))))
			.andExpect(status().isOk());
		for (String other : List.of("civicloop2", "https://civicloop", "")) {
			mvc.perform(get("/api/v1/me")
				.header("Authorization", "Bearer " + sign(key, other, admin, now, now.plusSeconds(3600))))
				.andExpect(status().isUnauthorized());
		}
	}

	/** A token shaped like the application's own, claiming to be the city administrator. */
	private static String sign(byte[] key, Instant issuedAt, Instant expiresAt) {
		return sign(key, "civicloop", UUID.randomUUID(), issuedAt, expiresAt);
	}

	private static String sign(byte[] key, String issuer, UUID uid, Instant issuedAt, Instant expiresAt) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(key, "HmacSHA256")));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject("admin")
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.claim("uid", uid.toString())
			.claim("roles", List.of("ADMIN"))
			.claim("terr", List.of("330100"))
			.build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
	}
}
