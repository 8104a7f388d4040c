package org.civicloop.identity.internal;

import java.util.Locale;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Optional sign-in through a provincial single sign-on (such as 浙政钉) over OpenID Connect. Off
 * by default; when {@code civicloop.oidc.enabled=true} and a Spring Security client registration
 * (id {@code civicloop.oidc.registration-id}, default {@code provincial}) is configured, the
 * login page offers it. The OIDC identity must map to an existing CivicLoop account by the claim
 * {@code civicloop.oidc.username-claim}: roles and jurisdiction always come from CivicLoop.
 */
@Component
public class OidcLogin {

	private final boolean enabled;
	private final String registrationId;
	private final String usernameClaim;
	private final ObjectProvider<ClientRegistrationRepository> registrations;
	private final UserAccounts accounts;
	private final SignInService signIn;

	OidcLogin(@Value("${civicloop.oidc.enabled:false}") boolean enabled,
			@Value("${civicloop.oidc.registration-id:provincial}") String registrationId,
			@Value("${civicloop.oidc.username-claim:preferred_username}") String usernameClaim,
			ObjectProvider<ClientRegistrationRepository> registrations, UserAccounts accounts, SignInService signIn) {
		this.enabled = enabled;
		this.registrationId = registrationId;
		this.usernameClaim = usernameClaim;
		this.registrations = registrations;
		this.accounts = accounts;
		this.signIn = signIn;
	}

	/** On when switched on and the named client registration exists, so the login page never links to nothing. */
	public boolean enabled() {
		if (!enabled) {
			return false;
		}
		ClientRegistrationRepository repo = registrations.getIfAvailable();
		return repo != null && repo.findByRegistrationId(registrationId) != null;
	}

	public String registrationId() {
		return registrationId;
	}

	void configure(HttpSecurity http) throws Exception {
		if (!enabled()) {
			if (enabled) {
				LoggerFactory.getLogger(OidcLogin.class)
					.warn("civicloop.oidc.enabled=true but there is no client registration '{}' under spring.security.oauth2.client.registration; single sign-on stays off",
							registrationId);
			}
			return;
		}
		OidcUserService delegate = new OidcUserService();
		http.oauth2Login(o -> o.loginPage("/login")
			.userInfoEndpoint(u -> u.oidcUserService(req -> map(delegate, req)))
			.failureHandler((request, response, e) -> {
				// an unknown or disabled identity is not a wrong password: say so on the login page
				request.getSession().setAttribute("loginError", "login.oidcFailed");
				response.sendRedirect(request.getContextPath() + "/login?error");
			}));
	}

	private OidcUser map(OidcUserService delegate, OidcUserRequest request) {
		OidcUser external = delegate.loadUser(request);
		Object claim = external.getClaims().get(usernameClaim);
		String username = claim == null ? "" : claim.toString().toLowerCase(Locale.ROOT);
		UserAccount account = accounts.findByUsername(username)
			.filter(UserAccount::enabled)
			.orElseThrow(() -> {
				signIn.record(username, null, "OIDC", "UNKNOWN_USER", null, java.time.Instant.now());
				return new OAuth2AuthenticationException(new OAuth2Error("unknown_user",
						"No enabled CivicLoop account for this identity", null));
			});
		signIn.record(username, account.id(), "OIDC", "SUCCESS", null, java.time.Instant.now());
		return new CivicOidcUser(external, CivicUser.of(account));
	}

	/** An OIDC user that carries the CivicLoop jurisdiction. */
	static class CivicOidcUser extends DefaultOidcUser implements org.civicloop.shared.CivicPrincipal {

		private final CivicUser user;

		CivicOidcUser(OidcUser external, CivicUser user) {
			super(user.getAuthorities(), external.getIdToken(), external.getUserInfo(), "sub");
			this.user = user;
		}

		@Override
		public org.civicloop.shared.Jurisdiction jurisdiction() {
			return user.jurisdiction();
		}

		Long accessVersion() {
			return user.accessVersion();
		}

		@Override
		public String getName() {
			return user.username();
		}
	}
}
