package org.civicloop.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.civicloop.platform.DataFolder;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Bearer tokens for the API: HS256 JWTs carrying the caller's roles and territory bindings, so
 * that an API request is authorised without a database read. The key comes from
 * {@code civicloop.security.token-secret} (base64) or is generated once into the data folder.
 */
@Service
public class TokenService {

	static final String ISSUER = "civicloop";
	static final String VERSION_CLAIM = "ver";

	private final NimbusJwtEncoder encoder;
	private final JwtDecoder decoder;
	private final Duration ttl;

	public TokenService(DataFolder data, @Value("${civicloop.security.token-secret:}") String configuredSecret,
			@Value("${civicloop.security.token-ttl:1h}") Duration ttl) {
		byte[] secret = StringUtils.hasText(configuredSecret) ? Base64.getDecoder().decode(configuredSecret)
				: data.secret("token-hmac.key", 32);
		if (secret.length < 32) {
			throw new IllegalStateException("civicloop.security.token-secret must be at least 256 bits");
		}
		SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
		NimbusJwtDecoder d = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		// The default claim converter turns "iss" into a URL when it can; ours is no URL, so every
		// request's token threw and caught an IllegalArgumentException on the way (filling in its
		// stack trace: about 3 % of a bare API request's CPU). The issuer stays the string it is.
		d.setClaimSetConverter(MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, iss -> iss == null ? null : iss.toString())));
		d.setJwtValidator(org.springframework.security.oauth2.jwt.JwtValidators.createDefaultWithIssuer(ISSUER));
		this.decoder = d;
		this.ttl = ttl;
	}

	public record IssuedToken(String value, long expiresInSeconds) {
	}

	public IssuedToken issue(Jurisdiction j) {
		return issue(j, null);
	}

	/** A token that {@link AccessRevocation} refuses once the account's version moves past {@code accessVersion}. */
	public IssuedToken issue(Jurisdiction j, Long accessVersion) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
		if (accessVersion != null) {
			builder.claim(VERSION_CLAIM, accessVersion);
		}
		JwtClaimsSet claims = builder
			.issuer(ISSUER)
			.subject(j.username())
			.issuedAt(now)
			.expiresAt(now.plus(ttl))
			.id(UUID.randomUUID().toString())
			.claim("uid", j.userId().toString())
			.claim("roles", j.roles().stream().map(Role::name).sorted().toList())
			.claim("terr", j.roots().stream().map(TerritoryCode::value).sorted().toList())
			.build();
		String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new IssuedToken(token, ttl.toSeconds());
	}

	public JwtDecoder decoder() {
		return decoder;
	}

	static Jurisdiction jurisdictionOf(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList("roles");
		List<String> terr = jwt.getClaimAsStringList("terr");
		Set<Role> roleSet = roles == null ? Set.of()
				: roles.stream().flatMap(r -> {
					try {
						return java.util.stream.Stream.of(Role.valueOf(r));
					}
					catch (IllegalArgumentException unknown) {
						return java.util.stream.Stream.empty();
					}
				}).collect(Collectors.toSet());
		Set<TerritoryCode> roots = terr == null ? Set.of()
				: terr.stream().filter(TerritoryCode::isValid).map(TerritoryCode::of).collect(Collectors.toSet());
		return new Jurisdiction(UUID.fromString(jwt.getClaimAsString("uid")), jwt.getSubject(), roleSet, roots);
	}

	static Long accessVersionOf(Jwt jwt) {
		Object v = jwt.getClaims().get(VERSION_CLAIM);
		return v instanceof Number n ? n.longValue() : null;
	}
}
