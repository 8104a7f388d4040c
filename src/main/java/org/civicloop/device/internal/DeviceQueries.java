package org.civicloop.device.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicloop.device.CommandStatus;
import org.civicloop.device.DeviceEvent;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.DeviceView;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.MalformedMessageException;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What the pages and the API show, scoped to the caller's jurisdiction. */
@Component
@Transactional(readOnly = true)
public class DeviceQueries {

	public record Anomaly(long id, String type, long seq, String detail, Instant at) {
	}

	public record PendingCommand(UUID id, String type, Instant expiresAt, String jws) {
	}

	/** For the list page: a device and its battery when it reported one. */
	public record Row(DeviceView device, Integer battery, long suppressedAnomalies) {
	}

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final DeviceDirectory directory;

	DeviceQueries(JdbcClient jdbc, JurisdictionScope scope, DeviceDirectory directory) {
		this.jdbc = jdbc;
		this.scope = scope;
		this.directory = directory;
	}

	public List<DeviceView> list(DeviceKind kind) {
		return rows(kind).stream().map(Row::device).toList();
	}

	public List<Row> rows(DeviceKind kind) {
		JurisdictionScope.SqlFilter f = scope.sqlFilter("territory_code");
		return jdbc.sql(DeviceService.VIEW_SQL.replace("FROM", ", battery, suppressed_anomalies FROM") + " WHERE "
				+ f.condition() + (kind == null ? "" : " AND kind = :kind") + " ORDER BY territory_code, id LIMIT 1000")
			.params(f.params())
			.param("kind", kind == null ? "" : kind.name())
			.query((rs, n) -> new Row(DeviceService.view(rs, n), (Integer) rs.getObject(10), rs.getLong(11)))
			.list();
	}

	/** The device if the caller's jurisdiction covers it: 404 when unknown, 403 when outside. */
	public DeviceView visible(DeviceId id) {
		DeviceView v = jdbc.sql(DeviceService.VIEW_SQL + " WHERE id = ?")
			.param(id.value())
			.query(DeviceService::view)
			.optional()
			.orElseThrow(() -> new NotFoundException("device " + id));
		if (!scope.current().covers(v.territoryCode())) {
			throw new OutOfJurisdictionException(v.territoryCode());
		}
		return v;
	}

	public Integer battery(DeviceId id) {
		return jdbc.sql("SELECT battery FROM device_device WHERE id = ?").param(id.value()).query(Integer.class).optional().orElse(null);
	}

	public List<DeviceEvent> recentEvents(DeviceId id, int limit) {
		return jdbc.sql(EventFeed.SELECT + " WHERE device_id = ? ORDER BY position DESC LIMIT ?")
			.params(id.value(), limit)
			.query(EventFeed::event)
			.list();
	}

	public List<Anomaly> recentAnomalies(DeviceId id, int limit) {
		return jdbc.sql("SELECT id, type, seq, detail, at FROM device_anomaly WHERE device_id = ? ORDER BY id DESC LIMIT ?")
			.params(id.value(), limit)
			.query((rs, n) -> new Anomaly(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
	}

	public List<CommandStatus> recentCommands(DeviceId id, int limit) {
		return jdbc.sql("""
				SELECT id, device_id, type, state, issued_at, expires_at, acknowledged_at, result
				FROM device_command WHERE device_id = ? ORDER BY issued_at DESC LIMIT ?""")
			.params(id.value(), limit)
			.query(DeviceService::commandStatus)
			.list();
	}

	/** Pending, unexpired commands as the device fetches them over HTTP. */
	public List<PendingCommand> pendingCommands(DeviceId id) {
		return jdbc.sql("""
				SELECT id, type, expires_at, jws FROM device_command
				WHERE device_id = ? AND state = 'PENDING' AND expires_at > now() ORDER BY issued_at""")
			.param(id.value())
			.query((rs, n) -> new PendingCommand(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getString(4)))
			.list();
	}

	/**
	 * Whether {@code jws} is {@code {dev, at}} signed with the device's current credential, with
	 * {@code at} within {@code skew} of {@code now}: how a device without MQTT authenticates a read.
	 */
	public boolean deviceSigned(DeviceId id, String jws, Instant now, Duration skew) {
		try {
			Jws.Parsed p = Jws.parse(jws);
			Map<?, ?> claims = p.payloadAs(Map.class);
			if (!id.value().equals(claims.get("dev")) || !(claims.get("at") instanceof String at)) {
				return false;
			}
			Instant t = Instant.parse(at);
			if (t.isBefore(now.minus(skew)) || t.isAfter(now.plus(skew))) {
				return false;
			}
			DeviceDirectory.Entry e = directory.get(id.value());
			if (e == null || e.status() != DeviceStatus.ACTIVE) {
				return false;
			}
			String prefix = id.value() + ":";
			if (!p.keyId().startsWith(prefix)) {
				return false;
			}
			DeviceDirectory.Credential c = e.credential(Integer.parseInt(p.keyId().substring(prefix.length())));
			return c != null && c.revokedAt() == null && (c.rotatedAt() == null || t.isBefore(c.rotatedAt()))
					&& c.verifies(p);
		}
		catch (MalformedMessageException | java.time.format.DateTimeParseException | NumberFormatException e) {
			return false;
		}
	}
}
