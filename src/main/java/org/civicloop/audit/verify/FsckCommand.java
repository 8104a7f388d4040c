package org.civicloop.audit.verify;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;


import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.civicloop.audit.internal.AuditFsck;
import org.civicloop.audit.internal.AuditKeys;
import org.civicloop.shared.crypto.Ed25519Keys;

/**
 * {@code java -jar civicloop.jar audit-fsck (--jdbc-url=… --db-user=… --db-password=… | --data-dir=./data)
 * [--public-key=key.pem]}
 * <p>
 * The full database check without starting the application: against an external PostgreSQL, or
 * against the embedded one in a data folder (the application must be stopped then). Checkpoint
 * signatures are checked with the given public key, or the one derived from the data folder's key.
 * Exit code 0 when the log is intact, 1 otherwise; the first tampered entry index is printed.
 */
public final class FsckCommand {

	private FsckCommand() {
	}

	public static int run(Map<String, String> opts, PrintStream out) {
		EmbeddedPostgres pg = null;
		HikariDataSource ds = new HikariDataSource();
		try {
			PublicKey key = null;
			if (opts.containsKey("public-key")) {
				key = Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(Files.readString(Path.of(opts.get("public-key"))), "PUBLIC KEY"));
			}
			if (opts.containsKey("jdbc-url")) {
				ds.setJdbcUrl(opts.get("jdbc-url"));
				ds.setUsername(opts.getOrDefault("db-user", "postgres"));
				ds.setPassword(opts.get("db-password"));
			}
			else {
				Path dataDir = Path.of(opts.getOrDefault("data-dir", "data")).toAbsolutePath();
				pg = EmbeddedPostgres.builder()
					.setDataDirectory(dataDir.resolve("postgres").toFile())
					.setCleanDataDirectory(false)
					.start();
				ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
				ds.setUsername("postgres");
				Path keyFile = dataDir.resolve("keys").resolve(AuditKeys.DATA_FOLDER_KEY);
				if (key == null && Files.exists(keyFile)) {
					key = Ed25519Keys.derivePublic(AuditKeys.parsePrivate(Files.readAllBytes(keyFile)));
				}
			}
			ds.setMaximumPoolSize(2);
			if (key == null) {
				out.println("WARN  no public key: checkpoint signatures are not checked");
			}
			AuditFsck.Report r = new AuditFsck(ds, key).check();
			print(r, out);
			return r.ok() ? 0 : 1;
		}
		catch (Exception e) {
			out.println("FAIL  " + e.getMessage());
			return 1;
		}
		finally {
			ds.close();
			if (pg != null) {
				try {
					pg.close();
				}
				catch (Exception ignored) {
					// shutting down anyway
				}
			}
		}
	}

	public static void print(AuditFsck.Report r, PrintStream out) {
		out.println("INFO  tree size " + r.treeSize() + ", " + r.entriesChecked() + " entries, " + r.nodesChecked()
				+ " nodes, " + r.checkpointsChecked() + " checkpoints checked in " + r.millis() + " ms");
		r.problems().forEach(p -> out.println("FAIL  " + p));
		if (r.firstTamperedIndex() != null) {
			out.println("FAIL  first tampered entry: " + r.firstTamperedIndex());
		}
		out.println(r.ok() ? "OK    the stored log is intact" : "FAIL  the stored log was tampered with");
	}

}
