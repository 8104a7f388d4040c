package org.civicloop.open311.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API keys of Open311 clients. A key is 32 random bytes (base64url, prefixed {@code o311_});
 * only its SHA-256 is stored, so a leaked database does not leak usable keys. A key is looked up
 * by its hash, which is unique; SHA-256 without salt is enough because the keys are random, not
 * chosen by people.
 */
@Service
public class ApiKeys {

	public static final String DEMO_KEY = "demo-open311-key";
	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	ApiKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record ApiKey(UUID id, String prefix, String label, String createdBy, Instant createdAt, boolean revoked,
			Instant revokedAt, String revokedBy, Instant lastUsedAt, boolean demo) {
	}

	/** A key just issued: {@code clearKey} is shown once and never again. */
	public record Issued(ApiKey key, String clearKey) {
	}

	public List<ApiKey> list() {
		return jdbc.sql("""
				SELECT id, key_prefix, label, created_by, created_at, revoked, revoked_at, revoked_by, last_used_at, demo
				FROM open311_api_key ORDER BY revoked, created_at DESC""").query(ApiKeys::row).list();
	}

	@Transactional
	public Issued issue(String label, String createdBy) {
		String clean = label == null ? "" : label.strip();
		if (clean.isEmpty() || clean.length() > 100) {
			throw new IllegalArgumentException("label");
		}
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String key = "o311_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		UUID id = insert(key, clean, createdBy, false);
		return new Issued(find(id).orElseThrow(), key);
	}

	/** Stores a known key (the demo key) unless it is there already. */
	@Transactional
	public void ensure(String clearKey, String label, String createdBy, boolean demo) {
		if (jdbc.sql("SELECT count(*) FROM open311_api_key WHERE key_hash = ?").param(hash(clearKey)).query(Long.class).single() == 0) {
			insert(clearKey, label, createdBy, demo);
		}
	}

	private UUID insert(String key, String label, String createdBy, boolean demo) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO open311_api_key (id, key_hash, key_prefix, label, created_by, demo)
				VALUES (?, ?, ?, ?, ?, ?)""").params(id, hash(key), key.substring(0, Math.min(9, key.length())), label, createdBy, demo).update();
		return id;
	}

	/** Revokes a key; false when there is no such key or it was revoked already. */
	@Transactional
	public boolean revoke(UUID id, String by) {
		return jdbc.sql("UPDATE open311_api_key SET revoked = TRUE, revoked_at = now(), revoked_by = ? WHERE id = ? AND NOT revoked")
			.params(by, id)
			.update() == 1;
	}

	public Optional<ApiKey> find(UUID id) {
		return jdbc.sql("""
				SELECT id, key_prefix, label, created_by, created_at, revoked, revoked_at, revoked_by, last_used_at, demo
				FROM open311_api_key WHERE id = ?""").param(id).query(ApiKeys::row).optional();
	}

	/** The id of the valid (not revoked) key, noting its use; empty for a missing, unknown or revoked key. */
	@Transactional
	public Optional<UUID> authenticate(String clearKey) {
		if (clearKey == null || clearKey.isBlank() || clearKey.length() > 200) {
			return Optional.empty();
		}
		return jdbc.sql("UPDATE open311_api_key SET last_used_at = now() WHERE key_hash = ? AND NOT revoked RETURNING id")
			.param(hash(clearKey))
			.query(UUID.class)
			.optional();
	}

	static String hash(String key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static ApiKey row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new ApiKey(rs.getObject("id", UUID.class), rs.getString("key_prefix"), rs.getString("label"),
				rs.getString("created_by"), instant(rs, "created_at"), rs.getBoolean("revoked"), instant(rs, "revoked_at"),
				rs.getString("revoked_by"), instant(rs, "last_used_at"), rs.getBoolean("demo"));
	}

	private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		java.sql.Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
