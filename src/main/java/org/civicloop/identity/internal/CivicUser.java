package org.civicloop.identity.internal;

import java.util.Collection;
import java.util.List;

import org.civicloop.shared.CivicPrincipal;
import org.civicloop.shared.Jurisdiction;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person as Spring Security and the other modules see them. {@code accessVersion}
 * is the account's version when they signed in (null when unknown): an administrator's change
 * bumps it, which is how sessions and tokens notice that their roles or bindings are out of date.
 */
public record CivicUser(String username, String displayName, Jurisdiction jurisdiction, Long accessVersion)
		implements UserDetails, CivicPrincipal {

	public CivicUser(String username, String displayName, Jurisdiction jurisdiction) {
		this(username, displayName, jurisdiction, null);
	}

	public static CivicUser of(UserAccount account) {
		return new CivicUser(account.username(), account.displayName(), account.jurisdiction(), account.version());
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return authorities(jurisdiction);
	}

	static List<GrantedAuthority> authorities(Jurisdiction j) {
		return j.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
	}

	@Override
	public String getPassword() {
		return null;
	}

	@Override
	public String getUsername() {
		return username;
	}

	@Override
	public String toString() {
		return username;
	}
}
