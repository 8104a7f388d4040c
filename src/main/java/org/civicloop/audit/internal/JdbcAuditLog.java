package org.civicloop.audit.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.shared.TerritoryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a pending entry in the caller's transaction (hence MANDATORY: an entry without the change
 * it records, or the other way round, is exactly what must not happen). Sequencing into the tree
 * happens afterwards in the {@link Sequencer}, which is woken when the caller commits; a rollback
 * leaves nothing behind.
 */
@Service
public class JdbcAuditLog implements AuditLog {

	/** The columns an entry is written with, in the order of {@link #row}. */
	private static final String INTO = """
			INSERT INTO audit_entry (source_key, actor, action, record_type, record_id, territory_code, occurred_at, details)
			""";

	private static final int COLUMNS = 8;

	private static final String INSERT = INTO + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

	/** For a record with a key: a key already recorded is skipped (V2's partial index is the arbiter). */
	private static final String ON_CONFLICT = " ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING";

	private static final String INSERT_KEYED = INSERT + ON_CONFLICT;

	/**
	 * A batch as one statement, each column one array (named {@code audit_0}…, see
	 * {@link AuditLog.Insertion}), the rows in the order given (the ids are drawn in that order). A
	 * JDBC batch of {@link #INSERT} was one execution per entry, each with its own executor start
	 * and end: 32 µs of PostgreSQL's time per entry in the intake's benchmark, on its one writer's
	 * path.
	 */
	private static final String INSERT_ROWS = INTO + """
			SELECT k, a, ac, rt, ri, t, o::timestamptz, d
			FROM unnest(CAST(:audit_0 AS text[]), CAST(:audit_1 AS text[]), CAST(:audit_2 AS text[]),
			  CAST(:audit_3 AS text[]), CAST(:audit_4 AS text[]), CAST(:audit_5 AS text[]), CAST(:audit_6 AS text[]),
			  CAST(:audit_7 AS text[])) WITH ORDINALITY AS v(k, a, ac, rt, ri, t, o, d, i)
			ORDER BY v.i""";

	private static final String INSERT_ROWS_KEYED = INSERT_ROWS + ON_CONFLICT;

	private final JdbcClient jdbc;
	private final Sequencer sequencer;

	public JdbcAuditLog(JdbcClient jdbc, Sequencer sequencer) {
		this.jdbc = jdbc;
		this.sequencer = sequencer;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean record(AuditRecord r) {
		Object[] row = row(r);
		int rows = jdbc.sql(r.sourceKey() == null ? INSERT : INSERT_KEYED).params(row).update();
		if (rows > 0) {
			wakeSequencerAfterCommit();
		}
		return rows > 0;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public int recordAll(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return 0;
		}
		if (records.size() == 1) {
			return record(records.get(0)) ? 1 : 0;
		}
		Insertion insertion = insertion(records);
		return jdbc.sql(insertion.sql()).params(insertion.params()).update();
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public Insertion insertion(List<AuditRecord> records) {
		if (records.isEmpty()) {
			return null;
		}
		int n = records.size();
		String[][] columns = new String[COLUMNS][n];
		for (int i = 0; i < n; i++) {
			Object[] row = row(records.get(i));
			for (int c = 0; c < COLUMNS; c++) {
				columns[c][i] = row[c] == null ? null : row[c].toString();
			}
		}
		Map<String, Object> params = new HashMap<>();
		for (int c = 0; c < COLUMNS; c++) {
			params.put("audit_" + c, columns[c]);
		}
		// the caller executes it in this transaction; should it add nothing (keys recorded
		// already), the sequencer merely finds nothing to do
		wakeSequencerAfterCommit();
		// one statement for the whole batch, so that the entries keep their order
		boolean keyed = records.stream().anyMatch(r -> r.sourceKey() != null);
		return new Insertion(keyed ? INSERT_ROWS_KEYED : INSERT_ROWS, params);
	}

	private static Object[] row(AuditRecord r) {
		String action = require(r.action(), "action", 100);
		String actor = require(r.actor(), "actor", 100);
		String recordType = optional(r.recordType(), "recordType", 60);
		String recordId = optional(r.recordId(), "recordId", 100);
		String territory = r.territoryCode();
		if (territory != null && !TerritoryCode.isValid(territory)) {
			throw new IllegalArgumentException("not a territory code: " + territory);
		}
		String sourceKey = r.sourceKey() == null ? null : require(r.sourceKey(), "sourceKey", 200);
		String details = CanonicalJson.write(r.details());
		return new Object[] { sourceKey, actor, action, recordType, recordId, territory,
				// PostgreSQL keeps microseconds; truncating here makes the leaf input re-renderable from the row
				OffsetDateTime.ofInstant(r.occurredAt().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC), details };
	}

	private void wakeSequencerAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					sequencer.wakeUp();
				}
			});
		}
	}

	private static String require(String v, String what, int max) {
		if (v == null || v.isBlank()) {
			throw new IllegalArgumentException(what + " is required");
		}
		return optional(v, what, max);
	}

	private static String optional(String v, String what, int max) {
		if (v != null && v.length() > max) {
			throw new IllegalArgumentException(what + " is longer than " + max + " characters");
		}
		return v;
	}
}
