package org.civicloop.seal.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.CommandId;
import org.civicloop.device.DeviceCommandAcknowledged;
import org.civicloop.device.DeviceCommandExpired;
import org.civicloop.device.DeviceId;
import org.civicloop.device.Devices;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.seal.SealAnomalyType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time authorisations: created with the final approval and sent to the sleeve as an
 * {@code authorise} command in the same transaction (the device module delivers it after the
 * commit); then followed through the device's acknowledgement, the impressions and the expiry.
 */
@Service
public class Authorisations {

	private static final SecureRandom RANDOM = new SecureRandom();

	public record Authorisation(UUID id, UUID applicationId, UUID sealId, String deviceId, int impressions, int used,
			Instant notBefore, Instant expiresAt, String nonce, UUID commandId, AuthorisationState state,
			Instant createdAt, Instant updatedAt) {

		ImpressionRule.Authorisation snapshot() {
			return new ImpressionRule.Authorisation(state, impressions, used, notBefore, expiresAt);
		}
	}

	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final ObjectProvider<Devices> devices;
	private final SealProperties props;
	private final TransactionTemplate tx;
	private final AnomalyDesk anomalies;

	Authorisations(JdbcClient jdbc, AuditLog audit, ObjectProvider<Devices> devices, SealProperties props,
			TransactionTemplate tx, AnomalyDesk anomalies) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.devices = devices;
		this.props = props;
		this.tx = tx;
		this.anomalies = anomalies;
	}

	static Authorisation row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Authorisation(rs.getObject("id", UUID.class), rs.getObject("application_id", UUID.class),
				rs.getObject("seal_id", UUID.class), rs.getString("device_id"), rs.getInt("impressions"),
				rs.getInt("used"), ApplicationService.instant(rs, "not_before"), ApplicationService.instant(rs, "expires_at"),
				rs.getString("nonce"), rs.getObject("command_id", UUID.class),
				AuthorisationState.valueOf(rs.getString("state")), ApplicationService.instant(rs, "created_at"),
				ApplicationService.instant(rs, "updated_at"));
	}

	public Optional<Authorisation> find(UUID id) {
		return jdbc.sql("SELECT * FROM seal_authorisation WHERE id = :id").param("id", id).query(Authorisations::row).optional();
	}

	Optional<Authorisation> locked(UUID id) {
		return jdbc.sql("SELECT * FROM seal_authorisation WHERE id = :id FOR UPDATE").param("id", id)
			.query(Authorisations::row).optional();
	}

	public Optional<Authorisation> ofApplication(UUID applicationId) {
		return jdbc.sql("SELECT * FROM seal_authorisation WHERE application_id = :id").param("id", applicationId)
			.query(Authorisations::row).optional();
	}

	/** Called inside the final approval's transaction. */
	void authorise(UUID applicationId, SealRegistry.Seal seal, int impressions, Instant now, String actor) {
		if (seal.deviceId() == null) {
			throw new IllegalStateException("seal " + seal.name() + " has no sleeve");
		}
		UUID id = UUID.randomUUID();
		byte[] n = new byte[16];
		RANDOM.nextBytes(n);
		String nonce = HexFormat.of().formatHex(n);
		Instant exp = now.plus(props.authorisationTtl());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("authorisation", id.toString());
		body.put("seal", seal.id().toString());
		body.put("impressions", impressions);
		body.put("nonce", nonce);
		jdbc.sql("""
				INSERT INTO seal_authorisation (id, application_id, seal_id, device_id, impressions, not_before, expires_at,
				  nonce, state, created_at, updated_at)
				VALUES (:id, :a, :s, :d, :n, :nbf, :exp, :nonce, 'SENT', :now, :now)""")
			.param("id", id).param("a", applicationId).param("s", seal.id()).param("d", seal.deviceId())
			.param("n", impressions).param("nbf", Timestamp.from(now)).param("exp", Timestamp.from(exp))
			.param("nonce", nonce).param("now", Timestamp.from(now))
			.update();
		CommandId command = devices.getObject()
			.sendCommand(DeviceId.of(seal.deviceId()), EventTypes.CMD_AUTHORISE, body, now, exp);
		jdbc.sql("UPDATE seal_authorisation SET command_id = :c WHERE id = :id").param("c", command.value())
			.param("id", id).update();
		audit.record(AuditRecord.of(actor, "seal.authorised", "seal-application", applicationId.toString())
			.inTerritory(seal.villageCode()).at(now).detail("authorisation", id.toString())
			.detail("device", seal.deviceId()).detail("impressions", impressions)
			.detail("notBefore", now.toString()).detail("expiresAt", exp.toString())
			.detail("command", command.value().toString()));
	}

	/** Called inside the cancellation's transaction; the sleeve is told to drop the command. */
	void cancel(UUID applicationId, String reason) {
		jdbc.sql("SELECT * FROM seal_authorisation WHERE application_id = :a FOR UPDATE").param("a", applicationId)
			.query(Authorisations::row).optional().filter(a -> a.state().open()).ifPresent(a -> {
				jdbc.sql("UPDATE seal_authorisation SET state = 'CANCELLED', updated_at = now() WHERE id = :id")
					.param("id", a.id()).update();
				if (a.commandId() != null) {
					devices.getObject().cancelCommand(new CommandId(a.commandId()), clip(reason));
				}
				record(a, "seal.authorisation.cancelled", Instant.now(), "cancelled:" + a.id());
			});
	}

	boolean transition(UUID id, AuthorisationState from, AuthorisationState to) {
		return jdbc.sql("UPDATE seal_authorisation SET state = :to, updated_at = now() WHERE id = :id AND state = :from")
			.param("to", to.name()).param("from", from.name()).param("id", id).update() == 1;
	}

	@ApplicationModuleListener
	void on(DeviceCommandAcknowledged e) {
		if (!EventTypes.CMD_AUTHORISE.equals(e.type())) {
			return;
		}
		jdbc.sql("SELECT * FROM seal_authorisation WHERE command_id = :c FOR UPDATE").param("c", e.commandId().value())
			.query(Authorisations::row).optional().ifPresent(a -> {
				if ("accepted".equalsIgnoreCase(e.result()) && transition(a.id(), AuthorisationState.SENT, AuthorisationState.ACKNOWLEDGED)) {
					record(a, "seal.authorisation.acknowledged", e.at(), "ack:" + e.commandId().value());
				}
				else if ("rejected".equalsIgnoreCase(e.result()) && (transition(a.id(), AuthorisationState.SENT, AuthorisationState.REJECTED)
						|| transition(a.id(), AuthorisationState.ACKNOWLEDGED, AuthorisationState.REJECTED))) {
					closeApplication(a.applicationId(), "CANCELLED", a.used(), e.at());
					record(a, "seal.authorisation.rejected", e.at(), "ack:" + e.commandId().value());
					anomalies.raiseForSeal(SealAnomalyType.AUTHORISATION_REJECTED, a.sealId(), a.applicationId(), a.id(),
							"device refused the authorisation: " + clip(e.reason()), e.at(), "auth-rejected:" + a.id());
				}
			});
	}

	@ApplicationModuleListener
	void on(DeviceCommandExpired e) {
		if (!EventTypes.CMD_AUTHORISE.equals(e.type())) {
			return;
		}
		jdbc.sql("SELECT * FROM seal_authorisation WHERE command_id = :c FOR UPDATE").param("c", e.commandId().value())
			.query(Authorisations::row).optional()
			.filter(a -> transition(a.id(), AuthorisationState.SENT, AuthorisationState.EXPIRED))
			.ifPresent(a -> {
				closeApplication(a.applicationId(), "EXPIRED", a.used(), e.at());
				record(a, "seal.use.expired", e.at(), "cmd-expired:" + e.commandId().value());
			});
	}

	/** Closes the uses whose authorisation ran out; returns how many. */
	@Scheduled(initialDelayString = "${civicloop.seal.sweep-interval-ms:60000}",
			fixedDelayString = "${civicloop.seal.sweep-interval-ms:60000}")
	public void expireDue() {
		expireDue(Instant.now());
	}

	public int expireDue(Instant now) {
		List<UUID> due = jdbc.sql("SELECT id FROM seal_authorisation WHERE state IN ('SENT','ACKNOWLEDGED','IN_USE') AND expires_at <= :now LIMIT 500")
			.param("now", Timestamp.from(now)).query(UUID.class).list();
		int n = 0;
		for (UUID id : due) {
			Boolean done = tx.execute(s -> locked(id).filter(a -> a.state().open() && !a.expiresAt().isAfter(now)).map(a -> {
				jdbc.sql("UPDATE seal_authorisation SET state = 'EXPIRED', updated_at = now() WHERE id = :id").param("id", id).update();
				closeApplication(a.applicationId(), "EXPIRED", a.used(), a.expiresAt());
				record(a, "seal.use.expired", a.expiresAt(), "expired:" + id);
				Devices d = devices.getIfAvailable();
				if (d != null && a.commandId() != null && a.state() == AuthorisationState.SENT) {
					try {
						d.cancelCommand(new CommandId(a.commandId()), "expired");
					}
					catch (RuntimeException ignored) {
						// the device module expires its own commands; cancelling is a courtesy
					}
				}
				return true;
			}).orElse(false));
			n += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		return n;
	}

	void closeApplication(UUID applicationId, String status, int used, Instant at) {
		jdbc.sql("""
				UPDATE seal_application SET status = :s, used = :u, closed_at = COALESCE(closed_at, :at)
				 WHERE id = :id AND status = 'AUTHORISED'""")
			.param("s", status).param("u", used).param("at", Timestamp.from(at)).param("id", applicationId).update();
	}

	void record(Authorisation a, String action, Instant at, String sourceKey) {
		String village = jdbc.sql("SELECT village_code FROM seal_application WHERE id = :id").param("id", a.applicationId())
			.query(String.class).single();
		Authorisation now = find(a.id()).orElse(a);
		audit.record(AuditRecord.of(AuditRecord.SYSTEM, action, "seal-application", a.applicationId().toString())
			.inTerritory(village).at(at).detail("authorisation", a.id().toString()).detail("device", a.deviceId())
			.detail("state", now.state().name()).detail("used", now.used()).detail("impressions", a.impressions())
			.withSourceKey("seal:" + sourceKey));
	}

	static String clip(String s) {
		return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
	}
}
