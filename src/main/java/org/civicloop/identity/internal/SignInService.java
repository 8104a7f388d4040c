package org.civicloop.identity.internal;

import java.time.Clock;
import java.time.Instant;

import org.civicloop.identity.LoginFailed;
import org.civicloop.identity.UserLoggedIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Checks a username and password for every channel (form, token), applies the
 * {@link LoginThrottle}, and records the attempt whatever its outcome.
 */
@Service
public class SignInService implements AuthenticationProvider {

	/** Thrown while the account must wait before the next attempt. */
	public static class BackoffException extends AuthenticationException {
		public BackoffException(String msg) {
			super(msg);
		}
	}

	private final UserAccounts accounts;
	private final PasswordEncoder encoder;
	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate tx;
	private final Clock clock;
	private final String dummyHash;

	public SignInService(UserAccounts accounts, PasswordEncoder encoder, JdbcClient jdbc,
			ApplicationEventPublisher events, PlatformTransactionManager txManager) {
		this.accounts = accounts;
		this.encoder = encoder;
		this.jdbc = jdbc;
		this.events = events;
		this.tx = new TransactionTemplate(txManager);
		this.clock = Clock.systemUTC();
		this.dummyHash = encoder.encode("timing-equaliser");
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String channel = authentication.getDetails() instanceof String s && s.equals("TOKEN") ? "TOKEN" : "FORM";
		CivicUser user = signIn(authentication.getName(), String.valueOf(authentication.getCredentials()), channel);
		return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	public CivicUser signIn(String rawUsername, String password, String channel) {
		String username = rawUsername == null ? "" : rawUsername.strip().toLowerCase(java.util.Locale.ROOT);
		Instant now = clock.instant();
		String remote = remoteAddr();
		UserAccount account = username.isEmpty() || username.length() > 60 ? null
				: accounts.findByUsername(username).orElse(null);
		if (account == null) {
			encoder.matches(password == null ? "" : password, dummyHash);
			record(username, null, channel, "BAD_CREDENTIALS", remote, now);
			throw new BadCredentialsException("Bad credentials");
		}
		switch (account.throttle(now)) {
			case LOCKED -> {
				record(username, account.id(), channel, "LOCKED", remote, now);
				throw new LockedException("Locked until " + account.lockedUntil());
			}
			case BACKOFF -> {
				record(username, account.id(), channel, "BACKOFF", remote, now);
				throw new BackoffException("Too many failures; wait before retrying");
			}
			case ALLOW -> {
			}
		}
		if (password == null || account.passwordHash() == null || !encoder.matches(password, account.passwordHash())) {
			tx.executeWithoutResult(s -> {
				// counted in SQL, not through the aggregate, so that concurrent attempts all count
				int failures = jdbc.sql("UPDATE identity_user SET failed_attempts = failed_attempts + 1, last_failed_at = ? WHERE id = ? RETURNING failed_attempts")
					.params(ts(now), account.id())
					.query(Integer.class)
					.single();
				Instant lock = LoginThrottle.lockAfterFailure(failures, now);
				if (lock != null) {
					jdbc.sql("UPDATE identity_user SET locked_until = ? WHERE id = ?").params(ts(lock), account.id()).update();
				}
				insertEvent(username, account.id(), channel, "BAD_CREDENTIALS", remote, now);
			});
			throw new BadCredentialsException("Bad credentials");
		}
		if (!account.enabled()) {
			record(username, account.id(), channel, "DISABLED", remote, now);
			throw new DisabledException("Account disabled");
		}
		tx.executeWithoutResult(s -> {
			jdbc.sql("UPDATE identity_user SET failed_attempts = 0, last_failed_at = NULL, locked_until = NULL, last_login_at = ? WHERE id = ?")
				.params(ts(now), account.id())
				.update();
			insertEvent(username, account.id(), channel, "SUCCESS", remote, now);
		});
		return CivicUser.of(account);
	}

	/** Records an attempt that changes nothing else, e.g. an OIDC sign-in or a refused one. */
	public void record(String username, java.util.UUID userId, String channel, String outcome, String remote, Instant now) {
		tx.executeWithoutResult(s -> insertEvent(username, userId, channel, outcome, remote, now));
	}

	private void insertEvent(String username, java.util.UUID userId, String channel, String outcome, String remote,
			Instant now) {
		jdbc.sql("INSERT INTO identity_login_event (at, username, user_id, channel, outcome, remote_addr) VALUES (?, ?, ?, ?, ?, ?)")
			.params(ts(now), truncate(username, 100), userId, channel, outcome, remote)
			.update();
		if ("SUCCESS".equals(outcome)) {
			events.publishEvent(new UserLoggedIn(userId, username, channel, remote, now));
		}
		else {
			events.publishEvent(new LoginFailed(truncate(username, 100), channel, outcome, remote, now));
		}
	}

	private static java.sql.Timestamp ts(Instant i) {
		return i == null ? null : java.sql.Timestamp.from(i);
	}

	private static String truncate(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}

	private static String remoteAddr() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
			return attrs.getRequest().getRemoteAddr();
		}
		return null;
	}
}
