package org.civicloop.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reading sequenced entries, scoped: an entry placed in a territory is visible inside the caller's
 * jurisdiction; an entry with no territory (sign-ins, for instance) only to administrators and
 * auditors, whose remit is the whole log.
 */
@Service
public class AuditQueries {

	public record Entry(long index, String actor, String action, String recordType, String recordId,
			String territoryCode, Instant occurredAt, Instant sequencedAt, String details, byte[] leafInput) {
	}

	public record Filter(String actor, String action, String recordType, String recordId, String territory,
			Instant from, Instant to) {
	}

	public record Page(List<Entry> items, int page, int size, long total) {
	}

	private final JdbcClient jdbc;

	public AuditQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public static boolean seesUnplaced(Jurisdiction j) {
		return j.has(Role.ADMIN) || j.has(Role.AUDITOR);
	}

	public static boolean canSee(Jurisdiction j, String territoryCode) {
		return territoryCode == null ? seesUnplaced(j) : j.covers(territoryCode);
	}

	/**
	 * The leaf index of the entry recorded under {@code sourceKey}, once sequenced (empty while
	 * pending or unknown); 403 outside the caller's jurisdiction. Lets a module link a step it
	 * recorded straight to that entry's proof.
	 */
	public Optional<Long> indexOfSource(String sourceKey, Jurisdiction j) {
		if (sourceKey == null || sourceKey.isBlank() || sourceKey.length() > 200) {
			return Optional.empty();
		}
		record Found(long index, String territoryCode) {
		}
		Optional<Found> f = jdbc.sql("SELECT leaf_index, territory_code FROM audit_entry WHERE source_key = ? AND leaf_index IS NOT NULL")
			.param(sourceKey)
			.query((rs, i) -> new Found(rs.getLong(1), rs.getString(2)))
			.optional();
		f.ifPresent(x -> {
			if (!canSee(j, x.territoryCode())) {
				throw new OutOfJurisdictionException(x.territoryCode() == null ? "audit entry" : x.territoryCode());
			}
		});
		return f.map(Found::index);
	}

	/** The entry at {@code index}; 403 outside the caller's jurisdiction. */
	public Optional<Entry> entry(long index, Jurisdiction j) {
		Optional<Entry> e = jdbc.sql(SELECT + " WHERE leaf_index = ?").param(index).query(AuditQueries::map).optional();
		e.ifPresent(entry -> {
			if (!canSee(j, entry.territoryCode())) {
				throw new OutOfJurisdictionException(entry.territoryCode() == null ? "audit entry" : entry.territoryCode());
			}
		});
		return e;
	}

	public Page search(Filter f, Jurisdiction j, int page, int size) {
		List<String> where = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		where.add("leaf_index IS NOT NULL");
		List<String> patterns = j.likePatterns();
		String scoped = "(territory_code IS NOT NULL AND territory_code LIKE ANY (:scopePatterns))";
		params.put("scopePatterns", patterns.toArray(String[]::new));
		where.add(seesUnplaced(j) ? "(territory_code IS NULL OR " + scoped + ")" : scoped);
		if (notBlank(f.actor())) {
			where.add("actor = :actor");
			params.put("actor", f.actor().strip());
		}
		if (notBlank(f.action())) {
			where.add("action = :action");
			params.put("action", f.action().strip());
		}
		if (notBlank(f.recordType())) {
			where.add("record_type = :recordType");
			params.put("recordType", f.recordType().strip());
		}
		if (notBlank(f.recordId())) {
			where.add("record_id = :recordId");
			params.put("recordId", f.recordId().strip());
		}
		if (notBlank(f.territory())) {
			TerritoryCode code = TerritoryCode.of(f.territory().strip());
			where.add("territory_code LIKE :territoryPrefix");
			params.put("territoryPrefix", code.scopePrefix() + "%");
		}
		if (f.from() != null) {
			where.add("occurred_at >= :from");
			params.put("from", OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
		}
		if (f.to() != null) {
			where.add("occurred_at < :to");
			params.put("to", OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
		}
		String condition = String.join(" AND ", where);
		long total = jdbc.sql("SELECT count(*) FROM audit_entry WHERE " + condition).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<Entry> items = jdbc.sql(SELECT + " WHERE " + condition + " ORDER BY leaf_index DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(AuditQueries::map)
			.list();
		return new Page(items, page, size, total);
	}

	public long pendingCount() {
		return jdbc.sql("SELECT count(*) FROM audit_entry WHERE leaf_index IS NULL").query(Long.class).single();
	}

	private static boolean notBlank(String s) {
		return s != null && !s.isBlank();
	}

	private static final String SELECT = "SELECT leaf_index, actor, action, record_type, record_id, territory_code, occurred_at, sequenced_at, details, leaf_input FROM audit_entry";

	private static Entry map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
				rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getString(9), rs.getBytes(10));
	}
}
