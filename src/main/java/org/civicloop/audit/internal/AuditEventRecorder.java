package org.civicloop.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.identity.LoginFailed;
import org.civicloop.identity.UserAccessChanged;
import org.civicloop.identity.UserEmailChanged;
import org.civicloop.identity.UserLoggedIn;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.TerritoryImported;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records what other modules announce. The handlers run after the publisher's commit through the
 * event publication registry, which redelivers after a crash; the source keys make a redelivery
 * land on the entry already written instead of a second one.
 */
@Component
class AuditEventRecorder {

	private final AuditLog audit;

	AuditEventRecorder(AuditLog audit) {
		this.audit = audit;
	}

	@ApplicationModuleListener
	void on(UserLoggedIn e) {
		audit.record(AuditRecord.of(e.username(), "identity.login", "user", e.username())
			.at(e.at())
			.detail("channel", e.channel())
			.detail("remoteAddr", e.remoteAddr())
			.detail("userId", e.userId())
			.withSourceKey("identity.login:" + e.username() + ":" + e.at().toEpochMilli() + ":" + e.at().getNano()));
	}

	@ApplicationModuleListener
	void on(LoginFailed e) {
		String who = e.username() == null || e.username().isBlank() ? "(blank)" : e.username();
		audit.record(AuditRecord.of(who, "identity.login-failed", "user", who)
			.at(e.at())
			.detail("channel", e.channel())
			.detail("outcome", e.outcome())
			.detail("remoteAddr", e.remoteAddr())
			.withSourceKey("identity.login-failed:" + digest(who + "\n" + e.channel() + "\n" + e.outcome() + "\n" + e.at())));
	}

	/** The account version the change produced identifies it: a redelivery lands on the same entry. */
	@ApplicationModuleListener
	void on(UserAccessChanged e) {
		Map<String, Object> details = new TreeMap<>();
		details.put("userId", e.userId());
		details.put("roles", new TreeSet<>(e.roles()));
		details.put("territories", new TreeSet<>(e.territoryCodes()));
		details.put("enabled", e.enabled());
		String territory = e.territoryCodes().size() == 1 ? e.territoryCodes().iterator().next() : null;
		details.put("version", e.version());
		audit.record(new AuditRecord(e.changedBy(), "identity.access-changed", "user", e.username(),
				territory != null && TerritoryCode.isValid(territory) ? territory : null, e.at(), details,
				"identity.access-changed:" + e.userId() + ":" + e.version()));
	}

	@ApplicationModuleListener
	void on(UserEmailChanged e) {
		audit.record(AuditRecord.of(e.changedBy(), "identity.email-changed", "user", e.username())
			.at(e.at())
			.detail("userId", e.userId())
			.detail("email", e.hasEmail() ? "set" : "removed")
			.withSourceKey("identity.email-changed:" + e.userId() + ":" + e.version()));
	}

	@ApplicationModuleListener
	void on(TerritoryImported e) {
		audit.record(AuditRecord.of(e.importedBy(), "territory.import", "territory-import", e.importId().toString())
			.detail("fileName", e.fileName())
			.detail("created", e.created())
			.detail("updated", e.updated())
			.withSourceKey("territory.import:" + e.importId()));
	}

	private static String digest(String s) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
