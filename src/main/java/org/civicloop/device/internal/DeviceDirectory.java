package org.civicloop.device.internal;

import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.civicloop.device.protocol.Jws;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What verification needs to know of a device, cached: thousands of messages a second must not
 * cost a registry query each. An entry is re-read after {@link #TTL} (so that a revocation made on
 * another instance takes effect within seconds) and at once when this instance changes the device.
 */
@Component
public class DeviceDirectory {

	static final long TTL_MILLIS = 10_000;

	/**
	 * One key of a device. Verification uses BouncyCastle's Ed25519 with the public point decoded
	 * once per key: the JDK's EdDSA costs about a millisecond per signature, which alone would cap
	 * ingest below the fleet's rate on a small server.
	 */
	public record Credential(int version, PublicKey key, Ed25519.PublicPoint point, Instant rotatedAt, Instant revokedAt) {

		public static Credential of(int version, byte[] raw, Instant rotatedAt, Instant revokedAt) {
			return new Credential(version, Ed25519Keys.publicFromRaw(raw), Ed25519.validatePublicKeyFullExport(raw, 0),
					rotatedAt, revokedAt);
		}

		/** Whether the JWS's signature verifies with this key (RFC 8032, as the JDK would decide). */
		public boolean verifies(Jws.Parsed jws) {
			if (point == null) {
				return jws.verifiedBy(key);
			}
			byte[] input = jws.signingInput();
			return jws.signature().length == Ed25519.SIGNATURE_SIZE
					&& Ed25519.verify(jws.signature(), 0, point, input, 0, input.length);
		}
	}

	public record Entry(String id, DeviceKind kind, String territoryCode, DeviceStatus status, String mqttPasswordHash,
			long lastSeq, List<Credential> credentials, long loadedAt) {

		public Credential credential(int version) {
			for (Credential c : credentials) {
				if (c.version() == version) {
					return c;
				}
			}
			return null;
		}
	}


	private final JdbcClient jdbc;
	private final Map<String, Entry> cache = new ConcurrentHashMap<>();

	DeviceDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The device, or null when unknown. */
	public Entry get(String id) {
		long now = System.currentTimeMillis();
		Entry e = cache.get(id);
		if (e == null || now - e.loadedAt() > TTL_MILLIS) {
			e = load(id, now);
			if (cache.size() > 100_000) {
				cache.clear();
			}
			cache.put(id, e);
		}
		return e.id() == null ? null : e;
	}

	public void invalidate(String id) {
		cache.remove(id);
	}

	private Entry load(String id, long now) {
		var rows = jdbc.sql("SELECT kind, territory_code, status, mqtt_password_hash, last_seq FROM device_device WHERE id = ?")
			.param(id)
			.query((rs, n) -> new Entry(id, DeviceKind.valueOf(rs.getString(1)), rs.getString(2),
					DeviceStatus.valueOf(rs.getString(3)), rs.getString(4), rs.getLong(5), List.of(), now))
			.list();
		if (rows.isEmpty()) {
			return new Entry(null, null, null, null, null, 0, List.of(), now);
		}
		List<Credential> creds = jdbc
			.sql("SELECT version, public_key, rotated_at, revoked_at FROM device_credential WHERE device_id = ? ORDER BY version")
			.param(id)
			.query((rs, n) -> Credential.of(rs.getInt(1), rs.getBytes(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))))
			.list();
		Entry e = rows.get(0);
		return new Entry(e.id(), e.kind(), e.territoryCode(), e.status(), e.mqttPasswordHash(), e.lastSeq(), creds, now);
	}

	static Instant instant(Timestamp t) {
		return t == null ? null : t.toInstant();
	}
}
