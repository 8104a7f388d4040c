package org.civicloop.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.civicloop.audit.internal.AuditKeys;
import org.civicloop.audit.internal.Checkpoints;
import org.civicloop.audit.internal.Sequencer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped commands against a real server on a port and its database, as an inspector would run them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// closed right after the class: left for JVM exit, the embedded PostgreSQL's own shutdown hook
// races Spring's and the event registry waits 30 s for a connection to a dead server
@DirtiesContext
class AuditCommandLineTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	Sequencer sequencer;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	AuditKeys keys;

	@Autowired
	javax.sql.DataSource dataSource;

	record Run(int code, String out) {
	}

	Run run(String... args) {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int code = AuditCommandLine.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
		return new Run(code, buf.toString(StandardCharsets.UTF_8));
	}

	void append(int n) {
		tx.executeWithoutResult(s -> {
			for (int i = 0; i < n; i++) {
				audit.record(AuditRecord.of("cli", "test.cli", "x", UUID.randomUUID().toString()));
			}
		});
		checkpoints.publishNow();
	}

	@Test
	void verifierChecksSignatureConsistencyAndInclusion(@TempDir Path dir) throws Exception {
		append(5);
		Path pinned = dir.resolve("audit.pem");
		Files.writeString(pinned, keys.publicKeyPem());
		Path saved = dir.resolve("old.note");
		String url = "--url=http://localhost:" + port;
		Run first = run("audit-verify", url, "--user=admin", "--password=Demo@2026", "--public-key=" + pinned,
				"--entries=0,2,4", "--save=" + saved);
		assertThat(first.code()).as(first.out()).isZero();
		assertThat(first.out()).contains("OK    checkpoint signature").contains("OK    entry 4 included");

		append(7);
		Run second = run("audit-verify", url, "--user", "admin", "--password", "Demo@2026", "--public-key=" + pinned,
				"--checkpoint=" + saved, "--entries=1,10");
		assertThat(second.code()).as(second.out()).isZero();
		assertThat(second.out()).containsPattern("OK    consistency \\d+ → \\d+");

		// a saved checkpoint that was edited (or signed by someone else) is refused
		String note = Files.readString(saved);
		Path forged = dir.resolve("forged.note");
		Files.writeString(forged, note.replaceFirst("\n(\\d+)\n", "\n1\n"));
		Run third = run("audit-verify", url, "--user=admin", "--password=Demo@2026", "--public-key=" + pinned,
				"--checkpoint=" + forged);
		assertThat(third.code()).isEqualTo(1);
		assertThat(third.out()).contains("FAIL  saved checkpoint's signature");

		Run unknown = run("audit-verify", url, "--user=admin", "--password=Demo@2026", "--entries=999999");
		assertThat(unknown.code()).isEqualTo(1);
	}

	@Test
	void fsckCommandChecksTheDatabase(@TempDir Path dir) throws Exception {
		append(3);
		Path pinned = dir.resolve("audit.pem");
		Files.writeString(pinned, keys.publicKeyPem());
		String jdbcUrl = ((HikariDataSource) dataSource).getJdbcUrl();
		Run r = run("audit-fsck", "--jdbc-url=" + jdbcUrl, "--db-user=postgres", "--public-key=" + pinned);
		assertThat(r.code()).as(r.out()).isZero();
		assertThat(r.out()).contains("OK    the stored log is intact");
	}
}
