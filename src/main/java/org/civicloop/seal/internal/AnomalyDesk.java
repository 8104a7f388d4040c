package org.civicloop.seal.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.DeviceAnomalyDetected;
import org.civicloop.device.DeviceKind;
import org.civicloop.seal.SealAnomalyRaised;
import org.civicloop.seal.SealAnomalyType;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderView;
import org.civicloop.workorder.WorkOrders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seal anomalies: recorded once per source key (a redelivered event or a re-read feed batch lands
 * on the row already written), recorded in the audit log, published as {@link SealAnomalyRaised}
 * and told at once to the seal's custodian and the discipline inspectors over the village.
 */
@Service
public class AnomalyDesk {

	/** The work-order category for supervision items opened from an anomaly (no seal-owned one exists there). */
	static final String WORK_ORDER_CATEGORY = "other";

	public record Anomaly(UUID id, SealAnomalyType type, String villageCode, UUID sealId, String sealName,
			String deviceId, UUID applicationId, UUID authorisationId, String detail, Instant at, String workOrderNumber) {
	}

	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final Notifier notifier;
	private final JurisdictionScope scope;
	private final WorkOrders workOrders;

	AnomalyDesk(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, Notifier notifier,
			JurisdictionScope scope, WorkOrders workOrders) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.events = events;
		this.notifier = notifier;
		this.scope = scope;
		this.workOrders = workOrders;
	}

	/** Raises an anomaly of a registered seal; false when the source key was already raised. */
	boolean raiseForSeal(SealAnomalyType type, UUID sealId, UUID applicationId, UUID authorisationId, String detail,
			Instant at, String sourceKey) {
		record SealRow(String village, String device, UUID custodian) {
		}
		SealRow s = jdbc.sql("SELECT village_code, device_id, custodian_id FROM seal_seal WHERE id = :id").param("id", sealId)
			.query((rs, i) -> new SealRow(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class))).single();
		return raise(type, s.village(), sealId, s.device(), s.custodian(), applicationId, authorisationId, detail, at,
				sourceKey);
	}

	boolean raise(SealAnomalyType type, String villageCode, UUID sealId, String deviceId, UUID custodian,
			UUID applicationId, UUID authorisationId, String detail, Instant at, String sourceKey) {
		UUID id = UUID.randomUUID();
		String text = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
		int inserted = jdbc.sql("""
				INSERT INTO seal_anomaly (id, source_key, type, village_code, seal_id, device_id, application_id,
				  authorisation_id, detail, at)
				VALUES (:id, :k, :t, :v, :s, :d, :a, :auth, :detail, :at) ON CONFLICT (source_key) DO NOTHING""")
			.param("id", id).param("k", sourceKey).param("t", type.name()).param("v", villageCode).param("s", sealId)
			.param("d", deviceId).param("a", applicationId).param("auth", authorisationId).param("detail", text)
			.param("at", Timestamp.from(at))
			.update();
		if (inserted == 0) {
			return false;
		}
		audit.record(AuditRecord.of(AuditRecord.SYSTEM, "seal.anomaly", "seal-anomaly", id.toString())
			.inTerritory(villageCode).at(at).detail("type", type.name())
			.detail("seal", sealId == null ? null : sealId.toString()).detail("device", deviceId)
			.detail("application", applicationId == null ? null : applicationId.toString()).detail("detail", text)
			.withSourceKey("seal-anomaly:" + sourceKey));
		events.publishEvent(new SealAnomalyRaised(id, type, villageCode, sealId, deviceId, applicationId, text, at));
		Set<UUID> tell = new LinkedHashSet<>(notifier.holders(Role.DISCIPLINE_INSPECTOR, villageCode));
		tell.add(custodian);
		notifier.tell(tell, "seal-anomaly:" + id, "anomaly", "/seal/anomalies/" + id, type.name(),
				deviceId == null ? "" : deviceId);
		return true;
	}

	static SealAnomalyType map(DeviceAnomalyDetected.Type t) {
		return switch (t) {
			case SILENT -> SealAnomalyType.DEVICE_SILENT;
			default -> SealAnomalyType.valueOf(t.name());
		};
	}

	@ApplicationModuleListener
	void on(DeviceAnomalyDetected e) {
		if (e.kind() != DeviceKind.SEAL_SLEEVE || e.deviceId() == null) {
			return;
		}
		String key = "device:" + e.deviceId().value() + ":" + e.type() + ":" + e.seq() + ":" + e.at().toEpochMilli();
		jdbc.sql("SELECT id, village_code, custodian_id FROM seal_seal WHERE device_id = :d")
			.param("d", e.deviceId().value())
			.query((rs, i) -> new Object[] { rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class) })
			.optional()
			.ifPresentOrElse(
					s -> raise(map(e.type()), (String) s[1], (UUID) s[0], e.deviceId().value(), (UUID) s[2], null, null,
							e.detail(), e.at(), key),
					() -> {
						if (e.territoryCode() != null) {
							raise(map(e.type()), e.territoryCode(), null, e.deviceId().value(), null, null, null,
									e.detail(), e.at(), key);
						}
					});
	}

	// ── reads for people ─────────────────────────────────────────────────────────────────

	/** Inspectors, secretaries, auditors and administrators see their jurisdiction; a custodian their seals. */
	static boolean broad(Jurisdiction j) {
		return j.has(Role.ADMIN) || j.has(Role.DISCIPLINE_INSPECTOR) || j.has(Role.VILLAGE_SECRETARY) || j.has(Role.AUDITOR);
	}

	/** Whether {@code j} is shown an anomaly of {@code villageCode} on a seal kept by {@code custodian}. */
	public static boolean concerns(Jurisdiction j, String villageCode, UUID custodian) {
		return j.covers(villageCode) && (broad(j) || custodian != null && custodian.equals(j.userId()));
	}

	private static final String SELECT = """
			SELECT n.*, s.name AS seal_name FROM seal_anomaly n LEFT JOIN seal_seal s ON s.id = n.seal_id""";

	static Anomaly row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Anomaly(rs.getObject("id", UUID.class), SealAnomalyType.valueOf(rs.getString("type")),
				rs.getString("village_code"), rs.getObject("seal_id", UUID.class), rs.getString("seal_name"),
				rs.getString("device_id"), rs.getObject("application_id", UUID.class),
				rs.getObject("authorisation_id", UUID.class), rs.getString("detail"), ApplicationService.instant(rs, "at"),
				rs.getString("work_order_number"));
	}

	public List<Anomaly> list(UUID applicationId, int limit) {
		Jurisdiction j = scope.current();
		JurisdictionScope.SqlFilter f = scope.sqlFilter("n.village_code");
		Map<String, Object> p = new HashMap<>(f.params());
		p.put("broad", broad(j));
		p.put("me", j.userId() == null ? new UUID(0, 0) : j.userId());
		String where = f.condition() + " AND (:broad OR s.custodian_id = :me)";
		if (applicationId != null) {
			where += " AND n.application_id = :app";
			p.put("app", applicationId);
		}
		return jdbc.sql(SELECT + " WHERE " + where + " ORDER BY n.at DESC LIMIT :limit").params(p)
			.param("limit", Math.min(Math.max(limit, 1), 500)).query(AnomalyDesk::row).list();
	}

	public Anomaly get(UUID id) {
		Anomaly a = jdbc.sql(SELECT + " WHERE n.id = :id").param("id", id).query(AnomalyDesk::row).optional()
			.orElseThrow(() -> new NotFoundException("No seal anomaly " + id));
		UUID custodian = a.sealId() == null ? null
				: jdbc.sql("SELECT custodian_id FROM seal_seal WHERE id = :id").param("id", a.sealId()).query(UUID.class)
					.optional().orElse(null);
		if (!concerns(scope.current(), a.villageCode(), custodian)) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		return a;
	}

	/**
	 * A discipline inspector over the village opens a supervision work order for the anomaly; a second
	 * call returns the same order (the work-order module's idempotency key).
	 */
	@Transactional
	public Anomaly openWorkOrder(UUID anomalyId) {
		Anomaly a = get(anomalyId);
		Jurisdiction j = scope.current();
		if (!j.has(Role.DISCIPLINE_INSPECTOR) || !j.covers(a.villageCode())) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		if (a.workOrderNumber() != null) {
			return a;
		}
		String description = "智慧印章异常 Seal anomaly " + a.type() + (a.sealName() == null ? "" : " · " + a.sealName())
				+ (a.detail() == null ? "" : " · " + a.detail());
		WorkOrderView order = workOrders.submit(new NewWorkOrder(WORK_ORDER_CATEGORY,
				description.length() > 900 ? description.substring(0, 900) : description, a.villageCode(), null, null,
				null, Channel.SUPERVISION, Priority.URGENT, false, j.userId(), j.username(), null,
				Map.of(), "seal-anomaly:" + a.id()));
		jdbc.sql("UPDATE seal_anomaly SET work_order_number = :n WHERE id = :id").param("n", order.number())
			.param("id", a.id()).update();
		audit.record(AuditRecord.of(j.username(), "seal.anomaly.work-order", "seal-anomaly", a.id().toString())
			.inTerritory(a.villageCode()).detail("workOrder", order.number()));
		return get(anomalyId);
	}

	Optional<UUID> custodianOf(UUID sealId) {
		return jdbc.sql("SELECT custodian_id FROM seal_seal WHERE id = :id").param("id", sealId).query(UUID.class).optional();
	}
}
