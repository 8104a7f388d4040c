package org.civicloop.device.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.CommandId;
import org.civicloop.device.CommandStatus;
import org.civicloop.device.DeviceAnomalyDetected;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.CommandMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.platform.DataFolder;
import org.civicloop.platform.DemoMode;
import org.civicloop.platform.storage.BlobStore;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import tools.jackson.databind.json.JsonMapper;

/** The registry, credentials and commands behind {@link Devices}. */
@Service
@Transactional
public class DeviceService implements Devices {

	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final PlatformKey platformKey;
	private final DeviceDirectory directory;
	private final Commands commands;
	private final Anomalies anomalies;
	private final DataFolder data;
	private final DemoMode demo;
	private final DeviceProperties props;

	DeviceService(JdbcClient jdbc, AuditLog audit, PlatformKey platformKey, DeviceDirectory directory, Commands commands,
			Anomalies anomalies, DataFolder data, DemoMode demo, DeviceProperties props) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.platformKey = platformKey;
		this.directory = directory;
		this.commands = commands;
		this.anomalies = anomalies;
		this.data = data;
		this.demo = demo;
		this.props = props;
	}

	static final String VIEW_SQL = """
			SELECT id, kind, territory_code, label, status, credential_version, last_seq, last_seen_at, online
			FROM device_device""";

	static DeviceView view(ResultSet rs, int n) throws SQLException {
		return new DeviceView(DeviceId.of(rs.getString(1)), DeviceKind.valueOf(rs.getString(2)), rs.getString(3),
				rs.getString(4), DeviceStatus.valueOf(rs.getString(5)), rs.getInt(6), rs.getLong(7),
				DeviceDirectory.instant(rs.getTimestamp(8)), rs.getBoolean(9));
	}

	@Override
	public DeviceView register(DeviceId id, DeviceKind kind, String territoryCode, String label, String actor) {
		if (id == null || kind == null) {
			throw new IllegalArgumentException("device id and kind are required");
		}
		if (territoryCode == null || !TerritoryCode.isValid(territoryCode)) {
			throw new IllegalArgumentException("not a territory code: " + territoryCode);
		}
		if (label == null || label.isBlank() || label.length() > 200) {
			throw new IllegalArgumentException("a label of 1-200 characters is required");
		}
		int rows = jdbc.sql("""
				INSERT INTO device_device (id, kind, territory_code, label, status, created_at, created_by)
				VALUES (?, ?, ?, ?, 'REGISTERED', now(), ?) ON CONFLICT (id) DO NOTHING""")
			.params(id.value(), kind.name(), territoryCode, label.strip(), actor(actor))
			.update();
		if (rows == 0) {
			throw new IllegalStateException("device " + id + " is already registered");
		}
		audit.record(AuditRecord.of(actor(actor), "device.register", "device", id.value())
			.inTerritory(territoryCode)
			.detail("kind", kind.name())
			.detail("label", label.strip()));
		invalidateAfterCommit(id);
		return find(id).orElseThrow();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<DeviceView> find(DeviceId id) {
		return jdbc.sql(VIEW_SQL + " WHERE id = ?").param(id.value()).query(DeviceService::view).optional();
	}

	@Override
	@Transactional(readOnly = true)
	public List<DeviceView> within(DeviceKind kind, String territoryCode) {
		String prefix = TerritoryCode.of(territoryCode).scopePrefix();
		return jdbc.sql(VIEW_SQL + " WHERE kind = ? AND territory_code LIKE ? ORDER BY id")
			.params(kind.name(), prefix + "%")
			.query(DeviceService::view)
			.list();
	}

	@Override
	public IssuedCredential issueCredential(DeviceId id, String actor) {
		record Row(String status, int version, String territory) {
		}
		Row row = jdbc.sql("SELECT status, credential_version, territory_code FROM device_device WHERE id = ? FOR UPDATE")
			.param(id.value())
			.query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3)))
			.optional()
			.orElseThrow(() -> new NotFoundException("device " + id));
		if (DeviceStatus.RETIRED.name().equals(row.status())) {
			throw new IllegalStateException("device " + id + " is retired");
		}
		int version = row.version() + 1;
		KeyPair kp = Ed25519Keys.generate();
		byte[] pw = new byte[24];
		RANDOM.nextBytes(pw);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
		Timestamp now = Timestamp.from(Instant.now());
		// the old key keeps verifying what was signed before now (an offline backlog)
		jdbc.sql("UPDATE device_credential SET rotated_at = ? WHERE device_id = ? AND rotated_at IS NULL")
			.params(now, id.value())
			.update();
		jdbc.sql("""
				INSERT INTO device_credential (device_id, version, public_key, public_spki, issued_at, issued_by)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(id.value(), version, Ed25519Keys.raw(kp.getPublic()), kp.getPublic().getEncoded(), now, actor(actor))
			.update();
		jdbc.sql("UPDATE device_device SET status = 'ACTIVE', credential_version = ?, mqtt_password_hash = ? WHERE id = ?")
			.params(version, passwordHash(password), id.value())
			.update();
		audit.record(AuditRecord.of(actor(actor), version == 1 ? "device.credential.issue" : "device.credential.rotate",
				"device", id.value())
			.inTerritory(row.territory())
			.detail("version", version)
			.detail("publicKeySha256", BlobStore.sha256(Ed25519Keys.raw(kp.getPublic()))));
		invalidateAfterCommit(id);
		IssuedCredential issued = new IssuedCredential(id, version, Jws.deviceKeyId(id.value(), version),
				Ed25519Keys.pem("PRIVATE KEY", kp.getPrivate().getEncoded()), id.value(), password,
				platformKey.publicKeyPem());
		if (demo.enabled()) {
			keepDemoCredential(issued);
		}
		return issued;
	}

	/** {@code sha256:<hex>}: the password is 192 random bits, so a slow hash would add nothing. */
	public static String passwordHash(String password) {
		return "sha256:" + BlobStore.sha256(password.getBytes(StandardCharsets.UTF_8));
	}

	public static boolean passwordMatches(String password, String hash) {
		if (password == null || hash == null) {
			return false;
		}
		return MessageDigest.isEqual(passwordHash(password).getBytes(StandardCharsets.US_ASCII),
				hash.getBytes(StandardCharsets.US_ASCII));
	}

	private Path demoFile(DeviceId id, String ext) {
		return data.resolve("devices/" + id.value() + "." + ext);
	}

	private void keepDemoCredential(IssuedCredential c) {
		try {
			Path pem = demoFile(c.deviceId(), "pem");
			Files.createDirectories(pem.getParent());
			Files.writeString(pem, c.privateKeyPem(), StandardCharsets.US_ASCII);
			Files.writeString(demoFile(c.deviceId(), "mqtt"), c.mqttPassword() + "\n" + c.version() + "\n",
					StandardCharsets.US_ASCII);
			for (Path p : List.of(pem, demoFile(c.deviceId(), "mqtt"))) {
				try {
					Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException notPosix) {
					// Windows: the folder's ACL applies
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot keep the demo credential of " + c.deviceId(), e);
		}
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<IssuedCredential> demoCredential(DeviceId id) {
		if (!demo.enabled()) {
			return Optional.empty();
		}
		Path pem = demoFile(id, "pem");
		Path mqtt = demoFile(id, "mqtt");
		if (!Files.exists(pem) || !Files.exists(mqtt)) {
			return Optional.empty();
		}
		try {
			String[] lines = Files.readString(mqtt, StandardCharsets.US_ASCII).split("\n");
			int version = Integer.parseInt(lines[1].trim());
			return Optional.of(new IssuedCredential(id, version, Jws.deviceKeyId(id.value(), version),
					Files.readString(pem, StandardCharsets.US_ASCII), id.value(), lines[0].trim(),
					platformKey.publicKeyPem()));
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	@Override
	public void revoke(DeviceId id, String reason, String actor) {
		String territory = jdbc.sql("SELECT territory_code FROM device_device WHERE id = ? FOR UPDATE")
			.param(id.value())
			.query(String.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("device " + id));
		jdbc.sql("UPDATE device_credential SET revoked_at = now() WHERE device_id = ? AND revoked_at IS NULL")
			.param(id.value())
			.update();
		jdbc.sql("UPDATE device_device SET status = 'REVOKED', mqtt_password_hash = NULL WHERE id = ? AND status <> 'RETIRED'")
			.param(id.value())
			.update();
		audit.record(AuditRecord.of(actor(actor), "device.credential.revoke", "device", id.value())
			.inTerritory(territory)
			.detail("reason", reason == null ? "" : reason));
		invalidateAfterCommit(id);
	}

	@Override
	public CommandId sendCommand(DeviceId id, String type, Map<String, Object> body, Instant notBefore, Instant expiresAt) {
		if (type == null || type.isBlank() || type.length() > 60) {
			throw new IllegalArgumentException("a command type of 1-60 characters is required");
		}
		Instant now = Instant.now();
		Instant nbf = notBefore == null ? now : notBefore;
		if (expiresAt == null || !expiresAt.isAfter(nbf)) {
			throw new IllegalArgumentException("a command expires after it becomes valid");
		}
		String territory = jdbc.sql("SELECT territory_code FROM device_device WHERE id = ?")
			.param(id.value())
			.query(String.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("device " + id));
		UUID cmd = UUID.randomUUID();
		Map<String, Object> b = body == null ? Map.of() : body;
		String jws = platformKey.sign(new CommandMessage(1, cmd, id.value(), type, now, nbf, expiresAt, b));
		jdbc.sql("""
				INSERT INTO device_command (id, device_id, type, body, jws, state, issued_at, not_before, expires_at)
				VALUES (?, ?, ?, ?::jsonb, ?, 'PENDING', ?, ?, ?)""")
			.params(cmd, id.value(), type, JSON.writeValueAsString(b), jws, Timestamp.from(now), Timestamp.from(nbf),
					Timestamp.from(expiresAt))
			.update();
		audit.record(AuditRecord.of(AuditRecord.SYSTEM, "device.command", "device-command", cmd.toString())
			.inTerritory(territory)
			.detail("device", id.value())
			.detail("type", type)
			.detail("jwsSha256", BlobStore.sha256(jws.getBytes(StandardCharsets.US_ASCII))));
		commands.sendAfterCommit(cmd, id, jws);
		return new CommandId(cmd);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<CommandStatus> command(CommandId id) {
		return jdbc.sql("""
				SELECT id, device_id, type, state, issued_at, expires_at, acknowledged_at, result
				FROM device_command WHERE id = ?""")
			.param(id.value())
			.query(DeviceService::commandStatus)
			.optional();
	}

	static CommandStatus commandStatus(ResultSet rs, int n) throws SQLException {
		return new CommandStatus(new CommandId(rs.getObject(1, UUID.class)), DeviceId.of(rs.getString(2)), rs.getString(3),
				CommandStatus.State.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
				DeviceDirectory.instant(rs.getTimestamp(7)), rs.getString(8));
	}

	@Override
	public void cancelCommand(CommandId id, String reason) {
		record Row(String device, Instant expires) {
		}
		Row row = jdbc.sql("UPDATE device_command SET state = 'CANCELLED', reason = ? WHERE id = ? AND state = 'PENDING' RETURNING device_id, expires_at")
			.params(reason, id.value())
			.query((rs, n) -> new Row(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.optional()
			.orElse(null);
		if (row == null) {
			if (command(id).isEmpty()) {
				throw new NotFoundException("command " + id.value());
			}
			return;
		}
		Instant now = Instant.now();
		sendCommand(DeviceId.of(row.device()), EventTypes.CMD_CANCEL, Commands.cancelBody(id.value(), reason), now,
				row.expires().isAfter(now) ? row.expires() : now.plusSeconds(600));
	}

	/**
	 * Raises SILENT for ACTIVE devices not heard from within the silence window, once per window:
	 * the next one comes only after another window of silence. Returns how many were raised.
	 */
	public int scanSilence(Instant now) {
		Timestamp cutoff = Timestamp.from(now.minus(props.silence()));
		record Row(String id, String kind, String territory, Timestamp lastSeen) {
		}
		List<Row> rows = jdbc.sql("""
				UPDATE device_device SET silent_raised_at = ?
				WHERE status = 'ACTIVE' AND COALESCE(last_seen_at, created_at) < ?
				  AND (silent_raised_at IS NULL OR silent_raised_at < ?)
				RETURNING id, kind, territory_code, last_seen_at""")
			.params(Timestamp.from(now), cutoff, cutoff)
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4)))
			.list();
		for (Row r : rows) {
			anomalies.raise(r.id(), DeviceKind.valueOf(r.kind()), r.territory(), DeviceAnomalyDetected.Type.SILENT, -1,
					r.lastSeen() == null ? "never heard from" : "last heard from at " + r.lastSeen().toInstant(), now);
		}
		return rows.size();
	}

	/** Whether the transport says a device is connected; the gateway keeps this column. */
	public void markOnline(DeviceId id, boolean online) {
		jdbc.sql("UPDATE device_device SET online = ? WHERE id = ? AND online <> ?").params(online, id.value(), online).update();
	}

	private void invalidateAfterCommit(DeviceId id) {
		directory.invalidate(id.value());
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					directory.invalidate(id.value());
				}
			});
		}
	}

	private static String actor(String actor) {
		return actor == null || actor.isBlank() ? AuditRecord.SYSTEM : actor;
	}
}
