package org.civicloop.open311.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Open311 resources are public HTTP resources: nobody signs in, no session, no cookies and so no
 * CSRF; the {@code api_key} parameter (checked by the controller) protects filing a request. This
 * chain comes before the identity module's ({@code /api/**} at 1, pages at 2), which would otherwise
 * send Open311 clients to the login page.
 */
@Configuration(proxyBeanMethods = false)
class Open311SecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain open311(HttpSecurity http) throws Exception {
		http.securityMatcher("/open311/**")
			.authorizeHttpRequests(a -> a.anyRequest().permitAll())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(c -> c.disable())
			.requestCache(c -> c.disable())
			.securityContext(c -> c.disable())
			.formLogin(f -> f.disable())
			.httpBasic(b -> b.disable())
			.logout(l -> l.disable());
		return http.build();
	}
}
