package org.civicloop.identity.internal;

import java.time.Instant;

import org.civicloop.identity.UserEmailChanged;
import org.civicloop.shared.EmailAddress;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What signed-in people may change on their own account (their e-mail address for notices). */
@Service
public class OwnAccount {

	private final UserAccounts accounts;
	private final JurisdictionScope scope;
	private final ApplicationEventPublisher events;

	OwnAccount(UserAccounts accounts, JurisdictionScope scope, ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.scope = scope;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public UserAccount get() {
		var me = scope.current().userId();
		if (me == null) {
			throw new NotFoundException("no account");
		}
		return accounts.findById(me).orElseThrow(() -> new NotFoundException("no account"));
	}

	@Transactional
	public UserAccount changeEmail(String email) {
		if (email != null && !email.isBlank() && !EmailAddress.isValid(email)) {
			throw AdminRuleViolation.of("email", "admin.error.email");
		}
		UserAccount a = get();
		a.changeEmail(email);
		UserAccount saved = accounts.save(a);
		// published in this transaction, so that the audit trail cannot miss it
		events.publishEvent(new UserEmailChanged(saved.id(), saved.username(), saved.username(), saved.email().isPresent(),
				saved.version(), Instant.now()));
		return saved;
	}
}
