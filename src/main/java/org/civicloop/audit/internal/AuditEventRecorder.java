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
import org.civicloop.identity.UserLoggedIn;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.TerritoryImported;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

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

	/**
	 * The event carries no time or id, so its source key is its content: a redelivery is recognised,
	 * and so is an identical change repeated later (it is recorded once — it changed nothing new).
	 */
	@ApplicationModuleListener
	void on(UserAccessChanged e) {
		Map<String, Object> details = new TreeMap<>();
		details.put("userId", e.userId());
		details.put("roles", new TreeSet<>(e.roles()));
		details.put("territories", new TreeSet<>(e.territoryCodes()));
		details.put("enabled", e.enabled());
		String territory = e.territoryCodes().size() == 1 ? e.territoryCodes().iterator().next() : null;
		audit.record(new AuditRecord(e.changedBy(), "identity.access-changed", "user", e.username(),
				territory != null && TerritoryCode.isValid(territory) ? territory : null, null, details,
				"identity.access-changed:" + digest(e.username() + "\n" + e.changedBy() + "\n" + CanonicalJson.write(details))));
	}

	/**
	 * The territory importer publishes after its own commit, outside any transaction, where a plain
	 * {@code @ApplicationModuleListener} would never be called; {@code fallbackExecution} covers that.
	 */
	@Async
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	@TransactionalEventListener(fallbackExecution = true)
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
