package org.civicloop.seal.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicloop.seal.SealApplicationView;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The inspector's view: statistics over the jurisdiction and the full trace of one use. */
@Service
public class Oversight {

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final ApplicationService applications;
	private final Authorisations authorisations;
	private final AnomalyDesk anomalies;

	Oversight(JdbcClient jdbc, JurisdictionScope scope, ApplicationService applications, Authorisations authorisations,
			AnomalyDesk anomalies) {
		this.jdbc = jdbc;
		this.scope = scope;
		this.applications = applications;
		this.authorisations = authorisations;
		this.anomalies = anomalies;
	}

	public record VillageUses(String villageCode, long applications, long uses, long impressions) {
	}

	public record Stats(List<VillageUses> villages, Double medianMinutes, Double p90Minutes, Map<String, Long> anomaliesByType,
			Map<String, Long> anomaliesByDay) {
	}

	/** Over the caller's jurisdiction, applications submitted since {@code from}. */
	public Stats stats(Instant from) {
		if (!ApplicationService.isStaff(scope.current())) {
			throw new OutOfJurisdictionException("seal statistics");
		}
		JurisdictionScope.SqlFilter f = scope.sqlFilter("village_code");
		Map<String, Object> p = new HashMap<>(f.params());
		p.put("from", java.sql.Timestamp.from(from));
		List<VillageUses> villages = jdbc.sql("""
				SELECT village_code, count(*), count(*) FILTER (WHERE used > 0), COALESCE(sum(used), 0)
				  FROM seal_application WHERE %s AND submitted_at >= :from GROUP BY village_code ORDER BY village_code"""
			.formatted(f.condition()))
			.params(p)
			.query((rs, i) -> new VillageUses(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
		Double[] q = jdbc.sql("""
				SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m), percentile_cont(0.9) WITHIN GROUP (ORDER BY m)
				  FROM (SELECT extract(epoch FROM first_stamp_at - approved_at) / 60.0 AS m FROM seal_application
				         WHERE %s AND submitted_at >= :from AND first_stamp_at IS NOT NULL AND approved_at IS NOT NULL) t"""
			.formatted(f.condition()))
			.params(p)
			.query((rs, i) -> new Double[] { (Double) rs.getObject(1), (Double) rs.getObject(2) }).single();
		Map<String, Long> byType = new LinkedHashMap<>();
		jdbc.sql("SELECT type, count(*) FROM seal_anomaly WHERE %s AND at >= :from GROUP BY type ORDER BY 2 DESC"
			.formatted(f.condition()))
			.params(p).query((rs, i) -> byType.put(rs.getString(1), rs.getLong(2))).list();
		Map<String, Long> byDay = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT (at AT TIME ZONE 'Asia/Shanghai')::date AS d, count(*) FROM seal_anomaly
				 WHERE %s AND at >= :from GROUP BY d ORDER BY d""".formatted(f.condition()))
			.params(p).query((rs, i) -> byDay.put(rs.getObject(1, LocalDate.class).toString(), rs.getLong(2))).list();
		return new Stats(villages, q[0], q[1], byType, byDay);
	}

	/**
	 * One step of a use; {@code proofKey} is the source key of its own audit-log entry (its proof
	 * page is {@code /audit/source?key=…}), {@code auditQuery} finds all of the use's entries.
	 */
	public record Step(Instant at, String kind, String actor, String detail, String photo, String auditQuery,
			String proofKey) {
	}

	public record Trace(SealApplicationView application, Authorisations.Authorisation authorisation, List<Step> steps,
			List<AnomalyDesk.Anomaly> anomalies) {
	}

	public Trace trace(UUID applicationId) {
		SealApplicationView a = applications.get(applicationId);
		if (!ApplicationService.isStaff(scope.current())) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		String audit = "recordType=seal-application&recordId=" + a.id();
		List<Step> steps = new ArrayList<>();
		steps.add(new Step(a.submittedAt(), "submitted", a.submittedBy(), a.purpose(), null, audit,
				ApplicationService.submittedKey(a.id())));
		applications.documents(a.id()).forEach(d -> steps.add(new Step(d.at(), "document", a.submittedBy(),
				d.filename() + " · " + d.pages() + " p · " + d.sha256().substring(0, 12), null, audit,
				ApplicationService.documentKey(a.id(), d.sha256()))));
		applications.approvals(a.id()).forEach(x -> steps.add(new Step(x.at(), x.decision().toLowerCase(), x.actorName(),
				x.role() + (x.comment() == null ? "" : " · " + x.comment()), null, audit,
				ApplicationService.decisionKey(a.id(), x.step()))));
		Authorisations.Authorisation auth = authorisations.ofApplication(a.id()).orElse(null);
		if (auth != null) {
			steps.add(new Step(auth.createdAt(), "authorised", "system", auth.deviceId() + " · " + auth.impressions()
					+ " · " + auth.expiresAt() + (auth.commandId() == null ? "" : " · cmd " + auth.commandId()), null, audit,
					null));
			jdbc.sql("SELECT * FROM seal_device_event WHERE authorisation_id = :a ORDER BY position")
				.param("a", auth.id())
				.query((rs, i) -> new Step(rs.getTimestamp("device_time").toInstant(), rs.getString("type"),
						rs.getString("device_id"), "seq " + rs.getLong("seq")
								+ (rs.getObject("k") == null ? "" : " · k=" + rs.getInt("k"))
								+ (rs.getString("photo_state") == null ? "" : " · photo " + rs.getString("photo_state"))
								+ (rs.getBoolean("late") ? " · late" : ""),
						rs.getString("photo_sha256"), audit,
						// the device layer's own entry of the signed event (with the JWS hash)
						"device.event:" + rs.getString("device_id") + ":" + rs.getLong("seq")))
				.list().forEach(steps::add);
		}
		List<AnomalyDesk.Anomaly> found = anomalies.list(a.id(), 200);
		steps.sort(Comparator.comparing(Step::at, Comparator.nullsLast(Comparator.naturalOrder())));
		return new Trace(a, auth, steps, found);
	}

	/** Whether the caller may see a photo: a stamped page of a seal in their jurisdiction. */
	public void requirePhotoVisible(String sha256) {
		List<String> villages = jdbc.sql("""
				SELECT s.village_code FROM seal_device_event e JOIN seal_seal s ON s.id = e.seal_id
				 WHERE e.photo_sha256 = :sha LIMIT 5""").param("sha", sha256).query(String.class).list();
		if (villages.isEmpty()) {
			throw new NotFoundException("No photo " + sha256);
		}
		if (!ApplicationService.isStaff(scope.current()) || villages.stream().noneMatch(scope.current()::covers)) {
			throw new OutOfJurisdictionException(villages.get(0));
		}
	}
}
