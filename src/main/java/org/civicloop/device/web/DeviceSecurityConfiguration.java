package org.civicloop.device.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The device endpoints need no login: a message carries its own Ed25519 signature, a blob is
 * checked against its hash, the pending-commands call carries a signed header, and the platform
 * key is public. They get a chain of their own, ahead of the API's bearer-token chain, so that
 * nothing else under {@code /api} is opened; the request size limits still apply.
 */
@Configuration(proxyBeanMethods = false)
class DeviceSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain deviceEndpoints(HttpSecurity http) throws Exception {
		PathPatternRequestMatcher.Builder p = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(p.matcher(HttpMethod.POST, "/api/v1/devices/*/messages"),
				p.matcher(HttpMethod.PUT, "/api/v1/devices/*/blobs/*"), p.matcher(HttpMethod.GET, "/api/v1/devices/*/commands"),
				p.matcher(HttpMethod.GET, "/api/v1/devices/platform-key")))
			.authorizeHttpRequests(a -> a.anyRequest().permitAll())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(c -> c.disable())
			.requestCache(c -> c.disable())
			.formLogin(f -> f.disable())
			.httpBasic(b -> b.disable())
			.anonymous(a -> {
			});
		return http.build();
	}
}
