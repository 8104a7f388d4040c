package org.civicloop.identity.internal;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** An API request authenticated by a bearer token; its principal is a {@link CivicUser}. */
class TokenAuthentication extends AbstractAuthenticationToken {

	private final CivicUser user;
	private final transient Jwt jwt;

	TokenAuthentication(Jwt jwt) {
		super(CivicUser.authorities(TokenService.jurisdictionOf(jwt)));
		this.jwt = jwt;
		this.user = new CivicUser(jwt.getSubject(), jwt.getSubject(), TokenService.jurisdictionOf(jwt),
				TokenService.accessVersionOf(jwt));
		setAuthenticated(true);
	}

	CivicUser user() {
		return user;
	}

	@Override
	public Object getCredentials() {
		return jwt.getTokenValue();
	}

	@Override
	public Object getPrincipal() {
		return user;
	}

	@Override
	public String getName() {
		return user.username();
	}
}
