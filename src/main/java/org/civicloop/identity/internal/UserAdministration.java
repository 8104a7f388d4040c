package org.civicloop.identity.internal;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.civicloop.identity.UserAccessChanged;
import org.civicloop.identity.UserEmailChanged;
import org.civicloop.shared.EmailAddress;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an administrator may do to accounts, inside their own jurisdiction only (see
 * {@link AdminReach}). Every change is one transaction that either saves everything or nothing,
 * is checked against the version the administrator's form was made from, and publishes
 * {@link UserAccessChanged} in that same transaction so that the audit trail cannot miss it.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class UserAdministration {

	public record NewUser(String username, String displayName, String password, Collection<Role> roles,
			String territoryCode) {
	}

	private final UserAccounts accounts;
	private final PasswordEncoder encoder;
	private final Territories territories;
	private final JurisdictionScope scope;
	private final ApplicationEventPublisher events;

	UserAdministration(UserAccounts accounts, PasswordEncoder encoder, Territories territories, JurisdictionScope scope,
			ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.encoder = encoder;
		this.territories = territories;
		this.scope = scope;
		this.events = events;
	}

	/** The account if the caller may see it; 404 when missing, 403 when outside the jurisdiction. */
	@Transactional(readOnly = true)
	public UserAccount get(UUID id) {
		UserAccount a = accounts.findById(id).orElseThrow(() -> new NotFoundException("No user " + id));
		if (!AdminReach.canSee(scope.current(), a.territoryCodes())) {
			throw new OutOfJurisdictionException("user " + a.username());
		}
		return a;
	}

	public boolean canManage(UserAccount a) {
		return AdminReach.canManage(scope.current(), a.territoryCodes());
	}

	@Transactional
	public UserAccount create(NewUser u) {
		AdminRuleViolation.Collector problems = new AdminRuleViolation.Collector();
		String username = u.username() == null ? "" : u.username().strip().toLowerCase(Locale.ROOT);
		if (!username.matches("[a-z0-9][a-z0-9._-]{1,59}")) {
			problems.add("username", "admin.error.username");
		}
		else if (accounts.existsByUsername(username)) {
			problems.add("username", "admin.error.usernameTaken");
		}
		checkDisplayName(u.displayName(), problems);
		checkPassword(u.password(), "password", problems);
		TerritoryCode code = bindable(u.territoryCode(), "territoryCode", problems);
		problems.throwIfAny();
		UserAccount a = UserAccount.create(username, u.displayName(), encoder.encode(u.password()), false);
		u.roles().forEach(a::grant);
		a.bindTo(code);
		try {
			return saveAndPublish(a);
		}
		catch (DuplicateKeyException raced) {
			throw AdminRuleViolation.of("username", "admin.error.usernameTaken");
		}
	}

	/** Display name, roles and enabled state, from the one form that edits them. */
	@Transactional
	public UserAccount update(UUID id, long version, String displayName, Collection<Role> roles, boolean enabled) {
		UserAccount a = loadForChange(id, version, true);
		AdminRuleViolation.Collector problems = new AdminRuleViolation.Collector();
		checkDisplayName(displayName, problems);
		boolean self = isSelf(a);
		if (self && !enabled) {
			problems.add("enabled", "admin.error.selfDisable");
		}
		if (self && !roles.contains(Role.ADMIN)) {
			problems.add("roles", "admin.error.selfDemote");
		}
		problems.throwIfAny();
		a.rename(displayName);
		a.replaceRoles(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
		if (enabled) {
			a.enable();
		}
		else {
			a.disable();
		}
		return saveAndPublish(a);
	}

	/** The account's e-mail address for notices; blank removes it. */
	@Transactional
	public UserAccount changeEmail(UUID id, long version, String email) {
		UserAccount a = loadForChange(id, version, true);
		if (email != null && !email.isBlank() && !EmailAddress.isValid(email)) {
			throw AdminRuleViolation.of("email", "admin.error.email");
		}
		a.changeEmail(email);
		UserAccount saved = accounts.save(a);
		events.publishEvent(new UserEmailChanged(saved.id(), saved.username(), scope.current().username(),
				saved.email().isPresent(), saved.version(), java.time.Instant.now()));
		return saved;
	}

	@Transactional
	public UserAccount addBinding(UUID id, long version, String rawCode) {
		UserAccount a = loadForChange(id, version, false);
		AdminRuleViolation.Collector problems = new AdminRuleViolation.Collector();
		TerritoryCode code = bindable(rawCode, "code", problems);
		if (code != null && a.territoryCodes().contains(code.value())) {
			problems.add("code", "admin.error.alreadyBound", code.value());
		}
		problems.throwIfAny();
		a.bindTo(code);
		return saveAndPublish(a);
	}

	@Transactional
	public UserAccount removeBinding(UUID id, long version, String rawCode) {
		UserAccount a = loadForChange(id, version, false);
		if (rawCode == null || !a.territoryCodes().contains(rawCode)) {
			throw AdminRuleViolation.of("code", "admin.error.notBound", String.valueOf(rawCode));
		}
		TerritoryCode code = TerritoryCode.of(rawCode);
		if (!scope.current().covers(code)) {
			throw new OutOfJurisdictionException(rawCode);
		}
		if (a.territoryCodes().size() == 1) {
			throw AdminRuleViolation.of("code", "admin.error.lastBinding");
		}
		a.unbind(code);
		return saveAndPublish(a);
	}

	@Transactional
	public UserAccount unlock(UUID id, long version) {
		UserAccount a = loadForChange(id, version, true);
		a.unlock();
		return saveAndPublish(a);
	}

	@Transactional
	public UserAccount resetPassword(UUID id, long version, String password) {
		UserAccount a = loadForChange(id, version, true);
		AdminRuleViolation.Collector problems = new AdminRuleViolation.Collector();
		checkPassword(password, "password", problems);
		problems.throwIfAny();
		a.changePassword(encoder.encode(password));
		return saveAndPublish(a);
	}

	private UserAccount loadForChange(UUID id, long version, boolean wholeAccount) {
		UserAccount a = get(id);
		if (wholeAccount && !canManage(a)) {
			throw new OutOfJurisdictionException("user " + a.username() + " (also bound outside your jurisdiction)");
		}
		if (a.version() == null || a.version() != version) {
			throw new StaleFormException(a.username());
		}
		return a;
	}

	private UserAccount saveAndPublish(UserAccount a) {
		// the aggregate's @Version makes this UPDATE fail if someone saved in between load and save
		UserAccount saved = accounts.save(a);
		events.publishEvent(new UserAccessChanged(saved.id(), saved.username(), scope.current().username(),
				saved.roles().stream().map(Role::name).collect(Collectors.toCollection(TreeSet::new)),
				new TreeSet<>(saved.territoryCodes()), saved.enabled(), saved.version(), java.time.Instant.now()));
		return saved;
	}

	private boolean isSelf(UserAccount a) {
		Jurisdiction j = scope.current();
		return a.id().equals(j.userId());
	}

	private static void checkDisplayName(String displayName, AdminRuleViolation.Collector problems) {
		if (displayName == null || displayName.isBlank() || displayName.strip().length() > 100) {
			problems.add("displayName", "admin.error.displayName");
		}
	}

	private static void checkPassword(String password, String field, AdminRuleViolation.Collector problems) {
		if (!PasswordPolicy.acceptable(password)) {
			problems.add(field, "admin.error.password", PasswordPolicy.MIN_LENGTH);
		}
	}

	/** A code the caller may bind someone to: well-formed, existing, and inside their jurisdiction. */
	private TerritoryCode bindable(String raw, String field, AdminRuleViolation.Collector problems) {
		String value = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
		if (!TerritoryCode.isValid(value)) {
			problems.add(field, "admin.error.codeInvalid", value);
			return null;
		}
		TerritoryCode code = TerritoryCode.of(value);
		if (!territories.exists(code)) {
			problems.add(field, "admin.error.codeUnknown", value);
			return null;
		}
		if (!scope.current().covers(code)) {
			problems.add(field, "admin.error.codeOutside", value);
			return null;
		}
		return code;
	}

	/** All roles, in the enum's order, for forms. */
	public static Set<Role> allRoles() {
		return EnumSet.allOf(Role.class);
	}
}
