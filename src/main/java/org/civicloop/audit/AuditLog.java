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
}
