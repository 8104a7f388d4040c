package org.civicloop.identity.internal;

import org.civicloop.shared.EmailAddress;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What signed-in people may change on their own account (their e-mail address for notices). */
@Service
public class OwnAccount {

	private final UserAccounts accounts;
	private final JurisdictionScope scope;

	OwnAccount(UserAccounts accounts, JurisdictionScope scope) {
		this.accounts = accounts;
		this.scope = scope;
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
		return accounts.save(a);
	}
}
