package org.civicloop.identity.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.civicloop.shared.CivicPrincipal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes an administrator's change take effect at once rather than at the next sign-in. Sessions
 * and tokens remember the account's version from when they were made; every change an
 * administrator saves bumps it (sign-in bookkeeping does not). A token made before the change is
 * refused (the client fetches a new one); a page session is refreshed with the new roles and
 * bindings, or ended when the account was disabled. One primary-key read per request.
 */
@Component
class AccessRevocation {

	record Stamp(boolean enabled, long version) {
	}

	private final JdbcClient jdbc;
	private final UserAccounts accounts;

	AccessRevocation(JdbcClient jdbc, UserAccounts accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	Optional<Stamp> stamp(UUID userId) {
		return jdbc.sql("SELECT enabled, version FROM identity_user WHERE id = ?")
			.param(userId)
			.query((rs, n) -> new Stamp(rs.getBoolean("enabled"), rs.getLong("version")))
			.optional();
	}

	/** The API's bearer-token converter: a token for a disabled or since-changed account is invalid. */
	TokenAuthentication authenticate(org.springframework.security.oauth2.jwt.Jwt jwt) {
		TokenAuthentication auth = new TokenAuthentication(jwt);
		CivicUser user = auth.user();
		Optional<Stamp> stamp = stamp(user.jurisdiction().userId());
		if (stamp.isEmpty() || !stamp.get().enabled()
				|| user.accessVersion() != null && user.accessVersion() != stamp.get().version()) {
			throw new InvalidBearerTokenException("The account's access changed since this token was issued; get a new token");
		}
		return auth;
	}

	/** For the pages' filter chain. */
	OncePerRequestFilter sessionFilter() {
		HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
		return new OncePerRequestFilter() {
			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				String path = request.getRequestURI().substring(request.getContextPath().length());
				return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/img/")
						|| path.startsWith("/webjars/") || path.equals("/favicon.ico");
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				Authentication auth = SecurityContextHolder.getContext().getAuthentication();
				if (auth != null && auth.getPrincipal() instanceof CivicPrincipal p && p.jurisdiction().userId() != null) {
					Long known = auth.getPrincipal() instanceof CivicUser u ? u.accessVersion()
							: auth.getPrincipal() instanceof OidcLogin.CivicOidcUser o ? o.accessVersion() : null;
					Optional<Stamp> stamp = stamp(p.jurisdiction().userId());
					if (stamp.isEmpty() || !stamp.get().enabled()) {
						end(request, response);
						return;
					}
					if (known != null && known != stamp.get().version()) {
						if (!(auth.getPrincipal() instanceof CivicUser) || !refresh(p.jurisdiction().userId(), auth, request, response)) {
							end(request, response);
							return;
						}
					}
				}
				chain.doFilter(request, response);
			}

			private boolean refresh(UUID userId, Authentication old, HttpServletRequest request,
					HttpServletResponse response) {
				return accounts.findById(userId).filter(UserAccount::enabled).map(account -> {
					CivicUser fresh = CivicUser.of(account);
					UsernamePasswordAuthenticationToken auth = UsernamePasswordAuthenticationToken.authenticated(fresh,
							null, fresh.getAuthorities());
					auth.setDetails(old.getDetails());
					SecurityContext context = SecurityContextHolder.createEmptyContext();
					context.setAuthentication(auth);
					SecurityContextHolder.setContext(context);
					repository.saveContext(context, request, response);
					return true;
				}).orElse(false);
			}

			private void end(HttpServletRequest request, HttpServletResponse response) throws IOException {
				SecurityContextHolder.clearContext();
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				response.sendRedirect(request.getContextPath() + "/login?expired");
			}
		};
	}
}
