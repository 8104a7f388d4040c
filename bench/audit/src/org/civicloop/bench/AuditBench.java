package org.civicloop.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.civicloop.audit.AuditRecord;
import org.civicloop.audit.internal.JdbcAuditLog;
import org.civicloop.audit.internal.Sequencer;
import org.civicloop.audit.internal.TreeStore;
import org.civicloop.audit.tlog.MerkleVerifier;
import org.civicloop.audit.tlog.ProofRanges;
import org.civicloop.audit.tlog.Rfc6962;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit log benchmarks on a private embedded PostgreSQL 14 (fsync on, as in production):
 * <ol>
 * <li>appends/s through the production facade and sequencer vs a bare INSERT of the same rows,
 * with the same writer threads and transaction sizes;
 * <li>inclusion and consistency proof latency served by the production {@link TreeStore} for logs of
 * 1M and 10M leaves, built through a bulk path (binary COPY of precomputed node hashes).
 * </ol>
 * Arguments: {@code appends}, {@code proofs}, or both (default); {@code --sizes=1000000,10000000}.
 */
public final class AuditBench {

	static final int WRITERS = 4;

	public static void main(String[] args) throws Exception {
		List<String> what = new ArrayList<>();
		long[] sizes = { 1_000_000, 10_000_000 };
		int appendRows = 20_000;
		for (String a : args) {
			if (a.startsWith("--sizes=")) {
				sizes = Arrays.stream(a.substring(8).split(",")).mapToLong(Long::parseLong).toArray();
			}
			else if (a.startsWith("--rows=")) {
				appendRows = Integer.parseInt(a.substring(7));
			}
			else {
				what.add(a);
			}
		}
		if (what.isEmpty()) {
			what = List.of("appends", "proofs");
		}
		Path dir = Files.createTempDirectory("audit-bench");
		System.out.printf("audit bench: PostgreSQL data in %s, %d cores, Java %s%n", dir,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
			.setDataDirectory(dir.toFile())
			.setCleanDataDirectory(true)
			.setServerConfig("max_connections", "50")
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("max_wal_size", "4GB")
			.setServerConfig("fsync", "on")
			.start()) {
			if (what.contains("appends")) {
				appends(pg, appendRows);
			}
			if (what.contains("proofs")) {
				for (long size : sizes) {
					proofs(pg, size);
				}
			}
		}
		finally {
			deleteTree(dir);
		}
	}

	// ---------------------------------------------------------------- appends

	static HikariDataSource dataSource(EmbeddedPostgres pg, String db) {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl(pg.getJdbcUrl("postgres", db));
		ds.setUsername("postgres");
		ds.setMaximumPoolSize(WRITERS + 3);
		return ds;
	}

	static void createDatabase(EmbeddedPostgres pg, String db) throws Exception {
		try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + db);
			s.execute("CREATE DATABASE " + db);
		}
		try (HikariDataSource ds = dataSource(pg, db); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
			String migration = new String(AuditBench.class.getResourceAsStream("/db/migration/audit/V1__audit.sql").readAllBytes(),
					StandardCharsets.UTF_8);
			s.execute(migration);
			// the baseline: a plain audit table with the same columns and the indexes such a table would have
			s.execute("""
					CREATE TABLE bench_bare (
					  id BIGSERIAL PRIMARY KEY, source_key VARCHAR(200) NOT NULL UNIQUE, actor VARCHAR(100) NOT NULL,
					  action VARCHAR(100) NOT NULL, record_type VARCHAR(60), record_id VARCHAR(100),
					  territory_code VARCHAR(24), occurred_at TIMESTAMPTZ NOT NULL, details TEXT NOT NULL);
					CREATE INDEX bench_bare_record ON bench_bare (record_type, record_id);
					CREATE INDEX bench_bare_actor ON bench_bare (actor);
					CREATE INDEX bench_bare_territory ON bench_bare (territory_code text_pattern_ops);
					CREATE INDEX bench_bare_occurred ON bench_bare (occurred_at);""");
		}
	}

	static AuditRecord sample(int writer, int i) {
		return AuditRecord.of("user" + (i % 50), "seal.use-approved", "seal-application", "A-" + writer + "-" + i)
			.inTerritory("330110112001")
			.detail("impressions", 2)
			.detail("purpose", "村集体合同盖章 contract seal")
			.detail("approver", "xy-secretary")
			.withSourceKey("bench:" + writer + ":" + i + ":" + UUID.randomUUID());
	}

	static void appends(EmbeddedPostgres pg, int rows) throws Exception {
		System.out.println();
		System.out.println("== appends: " + rows + " rows per run, " + WRITERS + " writer threads, fsync on ==");
		System.out.printf("%-12s %16s %16s %8s%n", "tx size", "audit log /s", "bare INSERT /s", "ratio");
		List<String> lines = new ArrayList<>();
		for (int txSize : new int[] { 1, 10, 100, 1000 }) {
			createDatabase(pg, "appends");
			try (HikariDataSource ds = dataSource(pg, "appends")) {
				DataSourceTransactionManager tm = new DataSourceTransactionManager(ds);
				TransactionTemplate tx = new TransactionTemplate(tm);
				JdbcClient jdbc = JdbcClient.create(ds);
				// warm-up of both paths (JIT, plans)
				double bare = runBare(ds, tx, jdbc, Math.min(rows, 2000), txSize);
				TreeStore tree = new TreeStore(ds);
				Sequencer sequencer = new Sequencer(ds, tm, tree, 1000, 200);
				JdbcAuditLog audit = new JdbcAuditLog(jdbc, sequencer);
				sequencer.start();
				try {
					runAudit(ds, tx, audit, tree, Math.min(rows, 2000), txSize);
					bare = runBare(ds, tx, jdbc, rows, txSize);
					double log = runAudit(ds, tx, audit, tree, rows, txSize);
					String line = String.format(Locale.ROOT, "%-12d %16.0f %16.0f %7.2fx", txSize, log, bare, log / bare);
					System.out.println(line);
					lines.add(line);
				}
				finally {
					sequencer.stop();
				}
			}
		}
	}

	static double runBare(HikariDataSource ds, TransactionTemplate tx, JdbcClient jdbc, int rows, int txSize) throws Exception {
		return timed(rows, txSize, (writer, i) -> {
			AuditRecord r = sample(writer, i);
			jdbc.sql("""
					INSERT INTO bench_bare (source_key, actor, action, record_type, record_id, territory_code, occurred_at, details)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(r.sourceKey(), r.actor(), r.action(), r.recordType(), r.recordId(), r.territoryCode(),
						java.time.OffsetDateTime.ofInstant(r.occurredAt(), java.time.ZoneOffset.UTC),
						"{\"approver\":\"xy-secretary\",\"impressions\":2,\"purpose\":\"村集体合同盖章 contract seal\"}")
				.update();
		}, tx, () -> {
		});
	}

	static double runAudit(HikariDataSource ds, TransactionTemplate tx, JdbcAuditLog audit, TreeStore tree, int rows,
			int txSize) throws Exception {
		long target = tree.head().size() + rows;
		return timed(rows, txSize, (writer, i) -> audit.record(sample(writer, i)), tx, () -> {
			// the run ends when everything written is in the tree
			while (tree.head().size() < target) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException e) {
					throw new IllegalStateException(e);
				}
			}
		});
	}

	interface Write {
		void write(int writer, int i);
	}

	static double timed(int rows, int txSize, Write write, TransactionTemplate tx, Runnable finish) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
		long start = System.nanoTime();
		try {
			List<Future<?>> fs = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				int writer = w;
				int share = rows / WRITERS;
				fs.add(pool.submit(() -> {
					for (int done = 0; done < share; done += txSize) {
						int from = done;
						int n = Math.min(txSize, share - done);
						tx.executeWithoutResult(s -> {
							for (int i = from; i < from + n; i++) {
								write.write(writer, i);
							}
						});
					}
				}));
			}
			for (Future<?> f : fs) {
				f.get();
			}
			finish.run();
		}
		finally {
			pool.shutdown();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return (rows / WRITERS * WRITERS) / seconds;
	}

	// ---------------------------------------------------------------- proofs

	/** Every node of a tree of {@code size} synthetic leaves, in creation order, as a binary COPY stream. */
	static byte[] root;

	static void bulkLoad(HikariDataSource ds, long size) throws Exception {
		try (Connection c = ds.getConnection()) {
			c.setAutoCommit(false);
			try (Statement s = c.createStatement()) {
				s.execute("ALTER TABLE audit_node DROP CONSTRAINT audit_node_pkey");
			}
			CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY audit_node (level, idx, hash) FROM STDIN (FORMAT binary)");
			ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
			DataOutputStream out = new DataOutputStream(buf);
			out.writeBytes("PGCOPY\n");
			out.write(new byte[] { (byte) 0xff, '\r', '\n', 0 });
			out.writeInt(0);
			out.writeInt(0);
			Deque<byte[]> edge = new ArrayDeque<>();
			byte[] leaf = new byte[8];
			for (long i = 0; i < size; i++) {
				java.nio.ByteBuffer.wrap(leaf).putLong(i);
				byte[] h = Rfc6962.leafHash(leaf);
				int level = 0;
				long idx = i;
				row(out, level, idx, h);
				while ((idx & 1) == 1) {
					h = Rfc6962.nodeHash(edge.pop(), h);
					level++;
					idx >>= 1;
					row(out, level, idx, h);
				}
				edge.push(h);
				if (buf.size() > (1 << 20) - 200) {
					out.flush();
					copy.writeToCopy(buf.toByteArray(), 0, buf.size());
					buf.reset();
				}
			}
			out.writeShort(-1);
			out.flush();
			copy.writeToCopy(buf.toByteArray(), 0, buf.size());
			copy.endCopy();
			List<byte[]> hashes = new ArrayList<>();
			edge.descendingIterator().forEachRemaining(hashes::add);
			root = ProofRanges.fold(hashes);
			try (Statement s = c.createStatement()) {
				s.execute("ALTER TABLE audit_node ADD PRIMARY KEY (level, idx)");
			}
			try (var ps = c.prepareStatement("UPDATE audit_tree_state SET tree_size = ?, root_hash = ? WHERE id = 1")) {
				ps.setLong(1, size);
				ps.setBytes(2, root);
				ps.executeUpdate();
			}
			c.commit();
			try (Statement s = c.createStatement()) {
				c.setAutoCommit(true);
				s.execute("VACUUM ANALYZE audit_node");
			}
		}
	}

	static void row(DataOutputStream out, int level, long idx, byte[] hash) throws IOException {
		out.writeShort(3);
		out.writeInt(2);
		out.writeShort(level);
		out.writeInt(8);
		out.writeLong(idx);
		out.writeInt(hash.length);
		out.write(hash);
	}

	static void proofs(EmbeddedPostgres pg, long size) throws Exception {
		String db = "proofs" + size;
		createDatabase(pg, db);
		try (HikariDataSource ds = dataSource(pg, db)) {
			long t0 = System.nanoTime();
			bulkLoad(ds, size);
			double buildS = (System.nanoTime() - t0) / 1e9;
			long bytes = JdbcClient.create(ds).sql("SELECT pg_database_size(current_database())").query(Long.class).single();
			System.out.println();
			System.out.printf(Locale.ROOT, "== proofs: %,d leaves (%,d nodes) built by binary COPY in %.0f s, database %.2f GB ==%n",
					size, 2 * size - Long.bitCount(size), buildS, bytes / 1e9);
			TreeStore tree = new TreeStore(ds);
			if (!Arrays.equals(tree.root(size), root)) {
				throw new IllegalStateException("root from the store differs from the bulk build");
			}
			Random random = new Random(size);
			int warm = 300;
			int n = 2000;
			long[] inc = new long[n];
			long[] con = new long[n];
			for (int i = -warm; i < n; i++) {
				long index = (long) (random.nextDouble() * size);
				long s0 = System.nanoTime();
				List<byte[]> proof = tree.inclusionProof(index, size);
				long s1 = System.nanoTime();
				long m = 1 + (long) (random.nextDouble() * (size - 1));
				List<byte[]> cproof = tree.consistencyProof(m, size);
				long s2 = System.nanoTime();
				if (i >= 0) {
					inc[i] = s1 - s0;
					con[i] = s2 - s1;
				}
				if (i % 100 == 0) {
					byte[] leaf = java.nio.ByteBuffer.allocate(8).putLong(index).array();
					MerkleVerifier.verifyInclusion(index, size, Rfc6962.leafHash(leaf), proof, root);
					MerkleVerifier.verifyConsistency(m, size, tree.root(m), root, cproof);
				}
			}
			System.out.printf("%-12s %10s %10s %10s %10s%n", "proof", "mean ms", "p50 ms", "p99 ms", "max ms");
			print("inclusion", inc);
			print("consistency", con);
		}
		try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE " + db);
		}
	}

	static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
		System.out.printf(Locale.ROOT, "%-12s %10.3f %10.3f %10.3f %10.3f%n", what, mean, sorted[sorted.length / 2] / 1e6,
				sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
	}

	static void deleteTree(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (var walk = Files.walk(dir)) {
				walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

}
