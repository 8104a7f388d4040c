package org.civicloop.identity.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.civicloop.shared.EmailAddress;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** A person's account: the aggregate root for their roles and territory bindings. */
@Table("identity_user")
public class UserAccount {

	@Id
	private final UUID id;
	@Version
	private Long version;
	private final String username;
	private String displayName;
	private String passwordHash;
	private boolean enabled;
	private boolean demo;
	private int failedAttempts;
	private Instant lastFailedAt;
	private Instant lockedUntil;
	private Instant lastLoginAt;
	private final Instant createdAt;
	private String email;
	@MappedCollection(idColumn = "user_id")
	private Set<RoleGrant> roles = new HashSet<>();
	@MappedCollection(idColumn = "user_id")
	private Set<TerritoryBinding> bindings = new HashSet<>();

	@Table("identity_user_role")
	public record RoleGrant(Role role) {
	}

	@Table("identity_user_binding")
	public record TerritoryBinding(String territoryCode) {
	}

	@PersistenceCreator
	UserAccount(UUID id, Long version, String username, String displayName, String passwordHash, boolean enabled,
			boolean demo, int failedAttempts, Instant lastFailedAt, Instant lockedUntil, Instant lastLoginAt,
			Instant createdAt, String email) {
		this.id = id;
		this.email = email;
		this.version = version;
		this.username = username;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.enabled = enabled;
		this.demo = demo;
		this.failedAttempts = failedAttempts;
		this.lastFailedAt = lastFailedAt;
		this.lockedUntil = lockedUntil;
		this.lastLoginAt = lastLoginAt;
		this.createdAt = createdAt;
	}

	public static UserAccount create(String username, String displayName, String passwordHash, boolean demo) {
		if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{1,59}")) {
			throw new IllegalArgumentException("Username: 2–60 lower-case letters, digits, '.', '_' or '-'");
		}
		if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
			throw new IllegalArgumentException("Display name: 1–100 characters");
		}
		return new UserAccount(UUID.randomUUID(), null, username, displayName.strip(), passwordHash, true, demo, 0, null,
				null, null, Instant.now(), null);
	}

	public void grant(Role role) {
		roles.add(new RoleGrant(role));
	}

	public void replaceRoles(Collection<Role> newRoles) {
		roles = newRoles.stream().map(RoleGrant::new).collect(Collectors.toCollection(HashSet::new));
	}

	public void bindTo(TerritoryCode code) {
		bindings.add(new TerritoryBinding(code.value()));
	}

	public void unbind(TerritoryCode code) {
		bindings.remove(new TerritoryBinding(code.value()));
	}

	public void rename(String newDisplayName) {
		if (newDisplayName == null || newDisplayName.isBlank() || newDisplayName.length() > 100) {
			throw new IllegalArgumentException("Display name: 1–100 characters");
		}
		this.displayName = newDisplayName.strip();
	}

	/** Blank removes the address. */
	public void changeEmail(String address) {
		this.email = EmailAddress.parseOptional(address).orElse(null);
	}

	public Optional<String> email() {
		return Optional.ofNullable(email);
	}

	public void changePassword(String newHash) {
		this.passwordHash = newHash;
		unlock();
	}

	public void enable() {
		this.enabled = true;
	}

	public void disable() {
		this.enabled = false;
	}

	public void unlock() {
		this.failedAttempts = 0;
		this.lockedUntil = null;
		this.lastFailedAt = null;
	}

	public LoginThrottle.Verdict throttle(Instant now) {
		return LoginThrottle.check(failedAttempts, lastFailedAt, lockedUntil, now);
	}

	public void recordFailure(Instant now) {
		failedAttempts++;
		lastFailedAt = now;
		Instant lock = LoginThrottle.lockAfterFailure(failedAttempts, now);
		if (lock != null) {
			lockedUntil = lock;
		}
	}

	public void recordSuccess(Instant now) {
		failedAttempts = 0;
		lastFailedAt = null;
		lockedUntil = null;
		lastLoginAt = now;
	}

	public Jurisdiction jurisdiction() {
		return new Jurisdiction(id, username, roles(), territoryCodes().stream().map(TerritoryCode::of).collect(Collectors.toSet()));
	}

	public Set<Role> roles() {
		return roles.stream().map(RoleGrant::role).collect(Collectors.toUnmodifiableSet());
	}

	public Set<String> territoryCodes() {
		return bindings.stream().map(TerritoryBinding::territoryCode).collect(Collectors.toUnmodifiableSet());
	}

	public UUID id() {
		return id;
	}

	/** The optimistic-lock version; forms carry it so that a stale form is refused. */
	public Long version() {
		return version;
	}

	public String username() {
		return username;
	}

	public String displayName() {
		return displayName;
	}

	public String passwordHash() {
		return passwordHash;
	}

	public boolean enabled() {
		return enabled;
	}

	public boolean demo() {
		return demo;
	}

	public int failedAttempts() {
		return failedAttempts;
	}

	public Instant lockedUntil() {
		return lockedUntil;
	}

	public Instant lastLoginAt() {
		return lastLoginAt;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Instant lastFailedAt() {
		return lastFailedAt;
	}
}
