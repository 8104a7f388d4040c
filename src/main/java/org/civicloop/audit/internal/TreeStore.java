package org.civicloop.audit.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.civicloop.audit.tlog.ProofRanges;
import org.civicloop.audit.tlog.ProofRanges.Node;
import org.civicloop.audit.tlog.ProofRanges.Range;
import org.civicloop.audit.tlog.Rfc6962;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Merkle tree as rows of {@code audit_node}: one hash per complete (perfect) subtree, keyed by
 * (level, index). Nodes never change once written, so any proof for any past size is served from
 * the same rows: it needs the O(log n) perfect subtrees of its ranges, fetched in one query.
 * Plain JDBC on a {@link DataSource} so that the benchmarks and the command line use the very same
 * code; inside the application the template joins Spring's transaction.
 */
public class TreeStore {

	public record Head(long size, byte[] root) {
	}

	private final JdbcTemplate jdbc;

	public TreeStore(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public Head head() {
		return jdbc.queryForObject("SELECT tree_size, root_hash FROM audit_tree_state WHERE id = 1",
				(rs, i) -> new Head(rs.getLong(1), rs.getBytes(2)));
	}

	/** The hashes of the given nodes; every one must exist. */
	public Map<Node, byte[]> nodes(Collection<Node> wanted) {
		if (wanted.isEmpty()) {
			return Map.of();
		}
		List<Node> list = new ArrayList<>(new LinkedHashSet<>(wanted));
		Integer[] levels = new Integer[list.size()];
		Long[] idxs = new Long[list.size()];
		for (int i = 0; i < list.size(); i++) {
			levels[i] = list.get(i).level();
			idxs[i] = list.get(i).index();
		}
		Map<Node, byte[]> out = new HashMap<>();
		jdbc.execute((Connection c) -> {
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT n.level, n.idx, n.hash FROM unnest(?::int[], ?::bigint[]) AS w(level, idx) "
							+ "JOIN audit_node n ON n.level = w.level AND n.idx = w.idx")) {
				ps.setArray(1, c.createArrayOf("int4", levels));
				ps.setArray(2, c.createArrayOf("int8", idxs));
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						out.put(new Node(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
					}
				}
			}
			return null;
		});
		if (out.size() != list.size()) {
			throw new IllegalStateException("audit tree is missing " + (list.size() - out.size()) + " node(s)");
		}
		return out;
	}

	/** MTH of each range, in order. */
	public List<byte[]> rangeHashes(List<Range> ranges) {
		List<List<Node>> plans = ranges.stream().map(ProofRanges::perfectNodes).toList();
		Map<Node, byte[]> fetched = nodes(plans.stream().flatMap(List::stream).toList());
		List<byte[]> out = new ArrayList<>(ranges.size());
		for (List<Node> plan : plans) {
			out.add(ProofRanges.fold(plan.stream().map(fetched::get).toList()));
		}
		return out;
	}

	/** The root of the tree when it had {@code size} leaves. */
	public byte[] root(long size) {
		if (size == 0) {
			return Rfc6962.emptyRoot();
		}
		return rangeHashes(List.of(new Range(0, size))).get(0);
	}

	public List<byte[]> inclusionProof(long index, long size) {
		checkSize(size);
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("index must be between 0 and treeSize - 1 (" + (size - 1) + ")");
		}
		return rangeHashes(ProofRanges.inclusion(index, size));
	}

	public List<byte[]> consistencyProof(long from, long to) {
		checkSize(to);
		if (from < 0 || from > to) {
			throw new IllegalArgumentException("need 0 ≤ from ≤ to");
		}
		return rangeHashes(ProofRanges.consistency(from, to));
	}

	public byte[] leafHash(long index) {
		return nodes(List.of(new Node(0, index))).get(new Node(0, index));
	}

	private void checkSize(long size) {
		long current = head().size();
		if (size < 0 || size > current) {
			throw new IllegalArgumentException("tree size must be between 0 and the current size " + current);
		}
	}

	/** Writes new nodes (the sequencer's, or a bulk load's) with one statement. */
	public void insertNodes(List<Node> nodes, List<byte[]> hashes) {
		if (nodes.isEmpty()) {
			return;
		}
		Short[] levels = new Short[nodes.size()];
		Long[] idxs = new Long[nodes.size()];
		for (int i = 0; i < nodes.size(); i++) {
			levels[i] = (short) nodes.get(i).level();
			idxs[i] = nodes.get(i).index();
		}
		jdbc.execute((Connection c) -> {
			try (PreparedStatement ps = c.prepareStatement(
					"INSERT INTO audit_node (level, idx, hash) SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bytea[])")) {
				ps.setArray(1, c.createArrayOf("int2", levels));
				ps.setArray(2, c.createArrayOf("int8", idxs));
				ps.setArray(3, byteaArray(c, hashes));
				ps.executeUpdate();
			}
			return null;
		});
	}

	static Array byteaArray(Connection c, List<byte[]> values) throws SQLException {
		return c.createArrayOf("bytea", values.toArray(new byte[0][]));
	}
}
