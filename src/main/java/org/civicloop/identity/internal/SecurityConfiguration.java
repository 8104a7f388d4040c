package org.civicloop.identity.internal;


import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Two filter chains: {@code /api/**} is stateless and takes bearer tokens (no cookies, so no
 * CSRF); everything else is pages with form login, a session and CSRF protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	static final String[] PUBLIC_PAGES = { "/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/error",
			"/favicon.ico", "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
			"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html" };

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder(10);
	}

	@Bean
	AuthenticationManager authenticationManager(SignInService signIn) {
		return new ProviderManager(signIn);
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, TokenService tokens, AccessRevocation revocation) throws Exception {
		ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(tokens.decoder()).jwtAuthenticationConverter(revocation::authenticate))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(c -> c.disable())
			.requestCache(c -> c.disable())
			.formLogin(f -> f.disable())
			.httpBasic(b -> b.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, OidcLogin oidc, AccessRevocation revocation) throws Exception {
		http.authorizeHttpRequests(a -> a.requestMatchers(PUBLIC_PAGES)
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated())
			.formLogin(f -> f.loginPage("/login").failureHandler(failureHandler()).defaultSuccessUrl("/", false).permitAll())
			.logout(l -> l.logoutSuccessUrl("/login?logout").permitAll())
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")));
		http.addFilterAfter(revocation.sessionFilter(), SecurityContextHolderFilter.class);
		oidc.configure(http);
		return http.build();
	}

	private static AuthenticationFailureHandler failureHandler() {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException e) -> {
			String key = e instanceof LockedException ? "login.locked"
					: e instanceof SignInService.BackoffException ? "login.backoff" : "login.failed";
			// the key, not the text: the login page says it in the language it is rendered in, which
			// the language cookie decides and which this filter, running before Spring MVC, cannot see
			request.getSession().setAttribute("loginError", key);
			response.sendRedirect(request.getContextPath() + "/login?error");
		};
	}

}
