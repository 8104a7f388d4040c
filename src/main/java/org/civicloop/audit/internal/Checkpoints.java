package org.civicloop.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.civicloop.audit.tlog.Checkpoint;
import org.civicloop.audit.tlog.SignedNote;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints of the tree: published periodically when the tree has grown and on demand,
 * and kept (one per tree size) so that anyone holding an old one can ask for a consistency proof.
 */
public class Checkpoints {

	/** A published checkpoint; {@code timestamp} is when it was signed (not part of the signed body). */
	public record Published(long treeSize, byte[] rootHash, Instant timestamp, String body, byte[] signature,
			String keyName, String keyId, String note) {
	}

	private final JdbcClient jdbc;
	private final TreeStore tree;
	private final Sequencer sequencer;
	private final AuditKeys keys;
	private final String origin;
	private final TransactionTemplate tx;

	public Checkpoints(JdbcClient jdbc, TreeStore tree, Sequencer sequencer, AuditKeys keys, String origin,
			PlatformTransactionManager txManager) {
		this.jdbc = jdbc;
		this.tree = tree;
		this.sequencer = sequencer;
		this.keys = keys;
		this.origin = origin;
		this.tx = new TransactionTemplate(txManager);
	}

	public String origin() {
		return origin;
	}

	/** Sequences what is pending, then signs the tree head unless a checkpoint of that size exists. */
	public Published publishNow() {
		sequencer.drain();
		return publishIfGrown();
	}

	/** Signs the current tree head unless the latest checkpoint already has its size. */
	public Published publishIfGrown() {
		return tx.execute(s -> {
			TreeStore.Head head = tree.head();
			Optional<Published> latest = latest();
			if (latest.isPresent() && latest.get().treeSize() >= head.size()) {
				return latest.get();
			}
			Checkpoint cp = new Checkpoint(origin, head.size(), head.root());
			String body = cp.body();
			byte[] sig = keys.sign(body.getBytes(StandardCharsets.UTF_8));
			String note = SignedNote.note(body, keys.keyName(), keys.keyHash(), sig);
			jdbc.sql("""
					INSERT INTO audit_checkpoint (tree_size, root_hash, body, signature, key_name, key_id, note)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING""")
				.params(head.size(), head.root(), body, sig, keys.keyName(), keys.keyId(), note)
				.update();
			return atSize(head.size()).orElseThrow();
		});
	}

	public Optional<Published> latest() {
		return jdbc.sql(SELECT + " ORDER BY tree_size DESC LIMIT 1").query(Checkpoints::map).optional();
	}

	public Optional<Published> atSize(long size) {
		return jdbc.sql(SELECT + " WHERE tree_size = ?").param(size).query(Checkpoints::map).optional();
	}

	public List<Published> recent(int limit) {
		return jdbc.sql(SELECT + " ORDER BY tree_size DESC LIMIT ?").param(limit).query(Checkpoints::map).list();
	}

	private static final String SELECT = "SELECT tree_size, root_hash, published_at, body, signature, key_name, key_id, note FROM audit_checkpoint";

	private static Published map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Published(rs.getLong(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
				rs.getString(4), rs.getBytes(5), rs.getString(6), rs.getString(7), rs.getString(8));
	}
}
