/**
 * A tamper-evident audit log for "事后可追溯": every module records who did what to which record,
 * when and where through {@link org.civicloop.audit.AuditLog}, inside the transaction of the change
 * itself, so an entry exists exactly when the change committed. Entries are sequenced into an
 * RFC 6962 Merkle tree whose signed C2SP checkpoints, inclusion proofs and consistency proofs let
 * a discipline inspector who does not trust the database operator check that nothing was edited,
 * removed or reordered afterwards — with the verifier shipped in the jar or any independent
 * RFC 6962 implementation.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit 审计日志")
package org.civicloop.audit;
