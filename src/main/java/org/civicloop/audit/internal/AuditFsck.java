package org.civicloop.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.civicloop.audit.tlog.Checkpoint;
import org.civicloop.audit.tlog.ProofRanges;
import org.civicloop.audit.tlog.ProofRanges.Node;
import org.civicloop.audit.tlog.Rfc6962;
import org.civicloop.audit.tlog.SignedNote;

/**
 * The full check of the stored log, in one pass in leaf order over a consistent snapshot:
 * <ol>
 * <li>each entry's columns render to its stored {@code leaf_input} (catches an edited column);
 * <li>each leaf hash in the tree is the hash of that {@code leaf_input};
 * <li>each stored subtree node is the hash of its two stored children, and no node is missing;
 * <li>the root at every checkpoint's size is that checkpoint's root, and its signature verifies;
 * <li>the current tree head matches the tree.
 * </ol>
 * Stored hashes are carried upwards after a mismatch, so one edit is reported where it is and
 * not again at every ancestor. The report names the first leaf index affected.
 */
public class AuditFsck {

	public record Report(long treeSize, long entriesChecked, long nodesChecked, int checkpointsChecked,
			Long firstTamperedIndex, List<String> problems, long millis) {
		public boolean ok() {
			return problems.isEmpty();
		}
	}

	private static final int MAX_PROBLEMS = 100;

	private final DataSource dataSource;
	private final PublicKey publicKey;

	public AuditFsck(DataSource dataSource, PublicKey publicKey) {
		this.dataSource = dataSource;
		this.publicKey = publicKey;
	}

	private record Cp(long size, byte[] root, String body, byte[] signature, String keyName) {
	}

	/** A stored hash on the right edge; {@code tainted} when it or a descendant did not check out. */
	private record Hashed(Node node, byte[] hash, boolean tainted) {
	}

	private final class Run {
		final List<String> problems = new ArrayList<>();
		Long first;
		long nodes;

		void problem(Long index, String message) {
			if (index != null && (first == null || index < first)) {
				first = index;
			}
			if (problems.size() < MAX_PROBLEMS) {
				problems.add(message);
			}
		}
	}

	public Report check() {
		long started = System.nanoTime();
		Run run = new Run();
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			c.setReadOnly(true);
			try {
				long size;
				byte[] headRoot;
				try (PreparedStatement ps = c.prepareStatement("SELECT tree_size, root_hash FROM audit_tree_state WHERE id = 1");
						ResultSet rs = ps.executeQuery()) {
					rs.next();
					size = rs.getLong(1);
					headRoot = rs.getBytes(2);
				}
				List<Cp> cps = new ArrayList<>();
				try (PreparedStatement ps = c.prepareStatement(
						"SELECT tree_size, root_hash, body, signature, key_name FROM audit_checkpoint ORDER BY tree_size");
						ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						cps.add(new Cp(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4), rs.getString(5)));
					}
				}
				long entries = scan(c, size, headRoot, cps, run);
				c.commit();
				return new Report(size, entries, run.nodes, cps.size(), run.first, List.copyOf(run.problems),
						Duration.ofNanos(System.nanoTime() - started).toMillis());
			}
			finally {
				c.rollback();
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("audit check failed: " + e.getMessage(), e);
		}
	}

	private long scan(Connection c, long size, byte[] headRoot, List<Cp> cps, Run run) throws SQLException {
		int cpAt = 0;
		for (; cpAt < cps.size() && cps.get(cpAt).size() == 0; cpAt++) {
			checkCheckpoint(cps.get(cpAt), Rfc6962.emptyRoot(), run);
		}
		Deque<Hashed> edge = new ArrayDeque<>();
		long expected = 0;
		try (PreparedStatement es = c.prepareStatement("""
				SELECT leaf_index, actor, action, record_type, record_id, territory_code, occurred_at, sequenced_at, details, leaf_input
				FROM audit_entry WHERE leaf_index IS NOT NULL ORDER BY leaf_index""");
				PreparedStatement ns = c.prepareStatement("""
						SELECT level, idx, hash FROM audit_node WHERE ((idx + 1) << level::int) <= ?
						ORDER BY ((idx + 1) << level::int), level""")) {
			es.setFetchSize(2000);
			ns.setFetchSize(4000);
			ns.setLong(1, size);
			try (ResultSet er = es.executeQuery(); ResultSet nr = ns.executeQuery()) {
				boolean nodeAvailable = nr.next();
				while (er.next()) {
					long index = er.getLong(1);
					if (index >= size) {
						run.problem(index, "entry " + index + " has a leaf index beyond the tree size " + size);
						continue;
					}
					if (index != expected) {
						run.problem(expected, "entries " + expected + ".." + (index - 1) + " are missing");
						return expected;
					}
					expected++;
					byte[] input = er.getBytes(10);
					byte[] rendered = LeafInput.render(index, er.getString(2), er.getString(3), er.getString(4),
							er.getString(5), er.getString(6), er.getObject(7, OffsetDateTime.class).toInstant(),
							er.getObject(8, OffsetDateTime.class).toInstant(), er.getString(9));
					if (!MessageDigest.isEqual(rendered, input)) {
						run.problem(index, "entry " + index + ": its columns no longer match its leaf input");
					}
					// the nodes completed by this leaf, in the order the sequencer created them
					Node node = new Node(0, index);
					byte[] computed = Rfc6962.leafHash(input);
					boolean childrenTainted = false;
					while (true) {
						if (!nodeAvailable || nr.getInt(1) != node.level() || nr.getLong(2) != node.index()) {
							run.problem(node.firstLeaf(), "tree node " + describe(node) + " is missing");
							return expected;
						}
						byte[] stored = nr.getBytes(3);
						run.nodes++;
						nodeAvailable = nr.next();
						boolean mismatch = !MessageDigest.isEqual(stored, computed);
						if (mismatch) {
							// a parent of an already reported node differs as a consequence: say so, but it does not move the first index
							run.problem(childrenTainted ? null : node.firstLeaf(), node.level() == 0
									? "entry " + index + ": leaf hash in the tree is not the hash of its leaf input"
									: "tree node " + describe(node) + " is not the hash of its children");
						}
						boolean tainted = mismatch || childrenTainted;
						if ((node.index() & 1) == 0) {
							edge.push(new Hashed(node, stored, tainted));
							break;
						}
						Hashed left = edge.pop();
						computed = Rfc6962.nodeHash(left.hash(), stored);
						childrenTainted = tainted || left.tainted();
						node = new Node(node.level() + 1, node.index() >> 1);
					}
					for (; cpAt < cps.size() && cps.get(cpAt).size() == expected; cpAt++) {
						checkCheckpoint(cps.get(cpAt), rootOf(edge), run);
					}
				}
				if (expected < size) {
					run.problem(expected, "entries " + expected + ".." + (size - 1) + " are missing");
				}
				if (nodeAvailable) {
					run.problem(null, "the tree has nodes beyond its size");
				}
			}
		}
		for (; cpAt < cps.size(); cpAt++) {
			Cp cp = cps.get(cpAt);
			run.problem(null, "checkpoint of size " + cp.size() + " is beyond the tree (size " + size + ")");
		}
		if (!MessageDigest.isEqual(rootOf(edge), headRoot)) {
			run.problem(null, "the tree head's root does not match the tree");
		}
		return expected;
	}

	private static byte[] rootOf(Deque<Hashed> edge) {
		List<byte[]> hashes = new ArrayList<>();
		edge.descendingIterator().forEachRemaining(h -> hashes.add(h.hash()));
		return ProofRanges.fold(hashes);
	}

	private void checkCheckpoint(Cp cp, byte[] root, Run run) {
		if (!MessageDigest.isEqual(cp.root(), root)) {
			run.problem(null, "checkpoint of size " + cp.size() + ": root " + hex(cp.root())
					+ " but the stored tree gives " + hex(root) + " — a leaf below " + cp.size() + " was rewritten");
		}
		try {
			Checkpoint parsed = Checkpoint.parse(cp.body());
			if (parsed.size() != cp.size() || !MessageDigest.isEqual(parsed.rootHash(), cp.root())) {
				run.problem(null, "checkpoint of size " + cp.size() + ": body does not match its columns");
			}
		}
		catch (RuntimeException e) {
			run.problem(null, "checkpoint of size " + cp.size() + ": malformed body");
		}
		if (publicKey != null
				&& !SignedNote.verify(cp.body().getBytes(StandardCharsets.UTF_8), cp.signature(), publicKey)) {
			run.problem(null, "checkpoint of size " + cp.size() + ": signature does not verify");
		}
	}

	private static String describe(Node n) {
		return "(level " + n.level() + ", index " + n.index() + ", leaves " + n.firstLeaf() + ".." + (n.endLeaf() - 1) + ")";
	}

	private static String hex(byte[] b) {
		return HexFormat.of().formatHex(b).substring(0, 16) + "…";
	}
}
