package org.civicloop.audit;

/**
 * The audit log as other modules see it. {@link #record} must be called inside the transaction
 * of the change it records (it refuses to run without one): the entry is written as part of that
 * transaction, so it exists exactly when the change committed. It is then sequenced into the
 * Merkle tree within a fraction of a second and covered by the next signed checkpoint.
 */
public interface AuditLog {

	/**
	 * Records an entry in the caller's transaction.
	 * @return {@code true} if written, {@code false} if an entry with the same source key exists
	 * @throws IllegalArgumentException for a blank action, over-long fields, a malformed territory
	 * code or details that cannot be canonical JSON
	 * @throws org.springframework.transaction.IllegalTransactionStateException without a transaction
	 */
	boolean record(AuditRecord record);

	/**
	 * Records several entries in the caller's transaction, as one batch (for high-volume sources such
	 * as device events); the same rules as {@link #record} apply to each.
	 * @return how many were written (entries whose source key exists are skipped)
	 */
	default int recordAll(java.util.List<AuditRecord> records) {
		int written = 0;
		for (AuditRecord r : records) {
			written += record(r) ? 1 : 0;
		}
		return written;
	}

	/**
	 * Entries for the caller to write with its own statements, in one round trip with them: for a
	 * hot path whose change is a single execution, which a separate {@link #recordAll} would cost a
	 * second one. The statement's text is this module's (the caller does not know the table); there
	 * is one text per kind of batch, so a caller's combined text stays the same from batch to batch
	 * and is prepared once. The same rules apply to each record as for {@link #record}, checked
	 * here; entries whose source key exists are skipped. The caller executes it in the transaction
	 * it was made in (hence the check for one): the entries are sequenced once that transaction
	 * commits, and vanish with it if it rolls back.
	 * @return {@code null} for no records
	 */
	Insertion insertion(java.util.List<AuditRecord> records);

	/**
	 * An insert of audit entries: {@code sql} takes the named parameters in {@code params}, whose
	 * names all begin with {@code audit_} so that they do not clash with the caller's own.
	 */
	record Insertion(String sql, java.util.Map<String, Object> params) {
	}
}
