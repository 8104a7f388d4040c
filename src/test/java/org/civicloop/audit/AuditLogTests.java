package org.civicloop.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.jayway.jsonpath.JsonPath;
import org.civicloop.audit.internal.AuditFsck;
import org.civicloop.audit.internal.Checkpoints;
import org.civicloop.audit.internal.Sequencer;
import org.civicloop.audit.internal.TreeStore;
import org.civicloop.audit.tlog.Checkpoint;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.audit.tlog.MerkleVerifier;
import org.civicloop.audit.tlog.NaiveTree;
import org.civicloop.audit.tlog.Rfc6962;
import org.civicloop.audit.tlog.SignedNote;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@CivicLoopTest
class AuditLogTests {

	static final String STREET_SJQ = "330102014000"; // 四季青街道
	static final String VILLAGE_XY = "330110112001"; // 百丈镇仙岩村

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Sequencer sequencer;

	@Autowired
	TreeStore tree;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	AuditFsck fsck;

	long record(AuditRecord r) {
		String key = r.sourceKey() != null ? r.sourceKey() : "test:" + UUID.randomUUID();
		tx.executeWithoutResult(s -> audit.record(r.withSourceKey(key)));
		sequencer.drain();
		return jdbc.sql("SELECT leaf_index FROM audit_entry WHERE source_key = ?").param(key).query(Long.class).single();
	}

	@Test
	void signInsAndFailedSignInsAreRecorded() throws Exception {
		String bearer = tokens.bearer("admin");
		mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\":\"xy-clerk\",\"password\":\"wrong-password\"}")).andExpect(status().isUnauthorized());
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			mvc.perform(get("/api/v1/audit/entries").param("actor", "admin").param("recordType", "user").header("Authorization", bearer))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.items[?(@.action == 'identity.login')]").isNotEmpty());
			mvc.perform(get("/api/v1/audit/entries").param("actor", "xy-clerk").header("Authorization", bearer))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.items[0].action").value("identity.login-failed"))
				.andExpect(jsonPath("$.items[0].details.outcome").value("BAD_CREDENTIALS"));
		});
	}

	@Test
	void recordingNeedsTheCallersTransactionAndRollsBackWithIt() {
		assertThatThrownBy(() -> audit.record(AuditRecord.of("t", "test.none", "x", "1")))
			.isInstanceOf(IllegalTransactionStateException.class);
		String key = "rollback:" + UUID.randomUUID();
		tx.executeWithoutResult(s -> {
			assertThat(audit.record(AuditRecord.of("t", "test.rollback", "x", "1").withSourceKey(key))).isTrue();
			s.setRollbackOnly();
		});
		sequencer.drain();
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE source_key = ?").param(key).query(Long.class).single()).isZero();
	}

	@Test
	void aSourceKeyIsRecordedOnce() {
		String key = "once:" + UUID.randomUUID();
		long index = record(AuditRecord.of("t", "test.once", "x", "1").withSourceKey(key));
		tx.executeWithoutResult(s -> assertThat(audit.record(AuditRecord.of("t", "test.once", "x", "1").withSourceKey(key))).isFalse());
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE source_key = ?").param(key).query(Long.class).single()).isEqualTo(1);
		assertThat(index).isNotNegative();
	}

	@Test
	void aBatchKeepsItsKeyedRecordsOnceAndEveryUnkeyedOneInOrder() {
		String key = "batch:" + UUID.randomUUID();
		String run = UUID.randomUUID().toString();
		List<AuditRecord> unkeyed = List.of(AuditRecord.of("t", "test.unkeyed", "batch", run),
				AuditRecord.of("t", "test.unkeyed", "batch", run));
		AuditRecord keyed = AuditRecord.of("t", "test.keyed", "batch", run).withSourceKey(key);
		List<AuditRecord> mixed = List.of(unkeyed.get(0), keyed, unkeyed.get(1));
		assertThat((int) tx.execute(s -> audit.recordAll(unkeyed))).isEqualTo(2);
		assertThat((int) tx.execute(s -> audit.recordAll(mixed))).isEqualTo(3);
		assertThat((int) tx.execute(s -> audit.recordAll(mixed))).as("the key is recorded already").isEqualTo(2);
		assertThat((boolean) tx.execute(s -> audit.record(unkeyed.get(0)))).isTrue();
		sequencer.drain();
		// an unkeyed record has no key of its own (V2): nothing to index, nothing to conflict on
		assertThat(jdbc.sql("""
				SELECT action || ':' || coalesce(source_key, '-') FROM audit_entry
				WHERE record_type = 'batch' AND record_id = ? ORDER BY leaf_index""").param(run).query(String.class).list())
			.containsExactly("test.unkeyed:-", "test.unkeyed:-", "test.unkeyed:-", "test.keyed:" + key, "test.unkeyed:-",
					"test.unkeyed:-", "test.unkeyed:-", "test.unkeyed:-");
	}

	/**
	 * The caller sends the insertion with its own statements (here one round trip: the caller's
	 * insert, then the entries): written in its transaction, in order, gone with a rollback,
	 * refused without a transaction or with a bad record.
	 */
	@Test
	void anInsertionIsWrittenByTheCallersOwnExecutionInItsTransaction() {
		String run = UUID.randomUUID().toString();
		List<AuditRecord> records = List.of(AuditRecord.of("t", "test.first", "insertion", run),
				AuditRecord.of("t", "test.second", "insertion", run));
		assertThatThrownBy(() -> audit.insertion(records)).isInstanceOf(IllegalTransactionStateException.class);
		assertThatThrownBy(() -> tx.executeWithoutResult(s -> audit.insertion(List.of(AuditRecord.of("t", " ", "insertion", run)))))
			.isInstanceOf(IllegalArgumentException.class);
		tx.executeWithoutResult(s -> assertThat(audit.insertion(List.of())).isNull());

		tx.executeWithoutResult(s -> {
			AuditLog.Insertion insertion = audit.insertion(records);
			assertThat(insertion.params().keySet()).allMatch(name -> name.startsWith("audit_"));
			// a statement of the caller's and the entries, sent together
			jdbc.sql("SET LOCAL application_name = 'insertion';\n" + insertion.sql()).params(insertion.params()).update();
		});
		tx.executeWithoutResult(s -> {
			AuditLog.Insertion insertion = audit.insertion(List.of(AuditRecord.of("t", "test.rolled-back", "insertion", run)));
			jdbc.sql(insertion.sql()).params(insertion.params()).update();
			s.setRollbackOnly();
		});
		sequencer.drain();
		assertThat(jdbc.sql("""
				SELECT action FROM audit_entry WHERE record_type = 'insertion' AND record_id = ? ORDER BY leaf_index""")
			.param(run).query(String.class).list()).containsExactly("test.first", "test.second");
	}

	@Test
	void concurrentAppendsLoseNothingAndKeepTheTreeConsistent() throws Exception {
		sequencer.drain();
		long before = tree.head().size();
		int threads = 8;
		int perThread = 250;
		String run = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
		AtomicBoolean writing = new AtomicBoolean(true);
		try {
			// two extra "instances" competing with the background sequencer for the advisory lock
			List<Future<?>> sequencers = new ArrayList<>();
			for (int s = 0; s < 2; s++) {
				sequencers.add(pool.submit(() -> {
					while (writing.get()) {
						sequencer.sequenceBatch(false);
					}
				}));
			}
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writers.add(pool.submit(() -> {
					Random random = new Random(thread);
					int written = 0;
					while (written < perThread) {
						int batch = Math.min(perThread - written, 1 + random.nextInt(10));
						int from = written;
						tx.executeWithoutResult(s -> {
							for (int i = from; i < from + batch; i++) {
								audit.record(AuditRecord.of("writer-" + thread, "test.concurrent", "run", run)
									.detail("i", i)
									.withSourceKey(run + ":" + thread + ":" + i));
							}
						});
						written += batch;
					}
				}));
			}
			for (Future<?> f : writers) {
				f.get();
			}
			writing.set(false);
			for (Future<?> f : sequencers) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		sequencer.drain();
		long mine = jdbc.sql("SELECT count(*) FROM audit_entry WHERE record_id = ? AND leaf_index IS NOT NULL").param(run).query(Long.class).single();
		assertThat(mine).isEqualTo(threads * perThread);
		TreeStore.Head head = tree.head();
		assertThat(head.size()).isGreaterThanOrEqualTo(before + threads * perThread);
		long sequenced = jdbc.sql("SELECT count(*) FROM audit_entry WHERE leaf_index IS NOT NULL").query(Long.class).single();
		long maxIndex = jdbc.sql("SELECT max(leaf_index) FROM audit_entry").query(Long.class).single();
		assertThat(sequenced).isEqualTo(head.size());
		assertThat(maxIndex).isEqualTo(head.size() - 1);
		List<byte[]> inputs = jdbc.sql("SELECT leaf_input FROM audit_entry WHERE leaf_index IS NOT NULL ORDER BY leaf_index")
			.query((rs, i) -> rs.getBytes(1))
			.list();
		int size = inputs.size();
		assertThat(new NaiveTree(inputs).root(size)).isEqualTo(head.root());
		assertThat(tree.root(size)).isEqualTo(head.root());
		Random random = new Random(42);
		for (int i = 0; i < 50; i++) {
			int n = 1 + random.nextInt(size);
			int m = random.nextInt(n);
			byte[] rootN = tree.root(n);
			assertThat(MerkleVerifier.isValidInclusion(m, n, Rfc6962.leafHash(inputs.get(m)), tree.inclusionProof(m, n), rootN)).isTrue();
			assertThat(MerkleVerifier.isValidConsistency(m, n, tree.root(m), rootN, tree.consistencyProof(m, n))).isTrue();
		}
	}

	@Test
	void checkpointIsASignedC2spNoteAndProofsVerifyOverRest() throws Exception {
		long index = record(AuditRecord.of("admin", "test.rest", "thing", "42").inTerritory(STREET_SJQ).detail("n", 1));
		String bearer = tokens.bearer("admin");
		String cpJson = mvc.perform(post("/api/v1/audit/checkpoints").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		cpJson = mvc.perform(get("/api/v1/audit/checkpoint").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.treeSize").isNumber())
			.andExpect(jsonPath("$.keyId").isString())
			.andReturn().getResponse().getContentAsString();
		String keyJson = mvc.perform(get("/api/v1/audit/public-key").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.algorithm").value("Ed25519"))
			.andReturn().getResponse().getContentAsString();
		var key = Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(JsonPath.read(keyJson, "$.publicKey"), "PUBLIC KEY"));
		byte[] body = Base64.getDecoder().decode((String) JsonPath.read(cpJson, "$.body"));
		byte[] sig = Base64.getDecoder().decode((String) JsonPath.read(cpJson, "$.signature"));
		assertThat(SignedNote.verify(body, sig, key)).isTrue();
		Checkpoint cp = Checkpoint.parse(new String(body, StandardCharsets.UTF_8));
		assertThat(cp.origin()).isEqualTo("civicloop.example/audit");
		assertThat(cp.size()).isEqualTo(((Number) JsonPath.read(cpJson, "$.treeSize")).longValue()).isGreaterThan(index);
		assertThat(Base64.getEncoder().encodeToString(cp.rootHash())).isEqualTo(JsonPath.read(cpJson, "$.rootHash"));
		SignedNote.Parsed note = SignedNote.parse(JsonPath.read(cpJson, "$.note"));
		assertThat(SignedNote.verifyNote(note, JsonPath.read(keyJson, "$.keyName"), key)).isTrue();
		assertThat(note.signatures().get(0).keyId()).isEqualTo(JsonPath.read(cpJson, "$.keyId"));

		String entry = mvc.perform(get("/api/v1/audit/entries/" + index).header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.action").value("test.rest"))
			.andExpect(jsonPath("$.details.n").value(1))
			.andReturn().getResponse().getContentAsString();
		byte[] leafInput = Base64.getDecoder().decode((String) JsonPath.read(entry, "$.leafInput"));
		assertThat(new String(leafInput, StandardCharsets.UTF_8)).contains("\"index\":" + index);
		String proof = mvc.perform(get("/api/v1/audit/proofs/inclusion").param("index", "" + index)
			.param("treeSize", "" + cp.size()).header("Authorization", bearer))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		List<String> hashes = JsonPath.read(proof, "$.hashes");
		MerkleVerifier.verifyInclusion(index, cp.size(), Rfc6962.leafHash(leafInput),
				hashes.stream().map(Base64.getDecoder()::decode).toList(), cp.rootHash());

		long older = Math.max(1, cp.size() / 2);
		byte[] olderRoot = tree.root(older);
		String cons = mvc.perform(get("/api/v1/audit/proofs/consistency").param("from", "" + older)
			.param("to", "" + cp.size()).header("Authorization", bearer))
			.andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		List<String> consHashes = JsonPath.read(cons, "$.hashes");
		MerkleVerifier.verifyConsistency(older, cp.size(), olderRoot, cp.rootHash(),
				consHashes.stream().map(Base64.getDecoder()::decode).toList());
	}

	@Test
	void badInputIsAProblemDetail400() throws Exception {
		record(AuditRecord.of("t", "test.bad", "x", "1"));
		String bearer = tokens.bearer("admin");
		long size = tree.head().size();
		List<Map<String, String>> bad = List.of(Map.of("index", "-1", "treeSize", "1"),
				Map.of("index", "" + size, "treeSize", "" + size), Map.of("index", "0", "treeSize", "" + (size + 1)),
				Map.of("index", "abc", "treeSize", "1"), Map.of("index", "0", "treeSize", "x"));
		for (Map<String, String> p : bad) {
			var req = get("/api/v1/audit/proofs/inclusion").header("Authorization", bearer);
			p.forEach(req::param);
			mvc.perform(req).andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		List<Map<String, String>> badConsistency = List.of(Map.of("from", "2", "to", "1"), Map.of("from", "-1", "to", "1"),
				Map.of("from", "1", "to", "" + (size + 1)), Map.of("from", "one", "to", "2"));
		for (Map<String, String> p : badConsistency) {
			var req = get("/api/v1/audit/proofs/consistency").header("Authorization", bearer);
			p.forEach(req::param);
			mvc.perform(req).andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		mvc.perform(get("/api/v1/audit/entries/-1").header("Authorization", bearer)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/audit/entries/x").header("Authorization", bearer)).andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/audit/entries/999999999").header("Authorization", bearer)).andExpect(status().isNotFound());
		mvc.perform(get("/api/v1/audit/entries").param("from", "yesterday").header("Authorization", bearer))
			.andExpect(status().isBadRequest());
		mvc.perform(get("/api/v1/audit/entries").param("territory", "12").header("Authorization", bearer))
			.andExpect(status().isBadRequest());
	}

	@Test
	void entriesAreScopedToTheCallersJurisdiction() throws Exception {
		String recordId = UUID.randomUUID().toString();
		long inSjq = record(AuditRecord.of("sjq-staff", "test.scope", "case", recordId).inTerritory(STREET_SJQ));
		long inXianyan = record(AuditRecord.of("xy-clerk", "test.scope", "case", recordId).inTerritory(VILLAGE_XY));
		long unplaced = record(AuditRecord.of("system", "test.scope", "case", recordId));
		String inspector = tokens.bearer("bz-inspector"); // 百丈镇 discipline inspector
		mvc.perform(get("/api/v1/audit/entries").param("recordId", recordId).header("Authorization", inspector))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].index").value(inXianyan));
		mvc.perform(get("/api/v1/audit/entries/" + inXianyan).header("Authorization", inspector)).andExpect(status().isOk());
		mvc.perform(get("/api/v1/audit/entries/" + inSjq).header("Authorization", inspector)).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/audit/entries/" + unplaced).header("Authorization", inspector)).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/audit/entries").param("recordId", recordId).param("territory", STREET_SJQ)
			.header("Authorization", inspector)).andExpect(jsonPath("$.total").value(0));
		mvc.perform(post("/api/v1/audit/checkpoints").header("Authorization", inspector)).andExpect(status().isForbidden());
		mvc.perform(get("/api/v1/audit/checkpoint").header("Authorization", inspector)).andExpect(status().isOk());

		mvc.perform(get("/api/v1/audit/entries").param("recordId", recordId).header("Authorization", tokens.bearer("admin")))
			.andExpect(jsonPath("$.total").value(3));
		for (String user : List.of("resident1", "sjq-staff")) {
			String bearer = tokens.bearer(user);
			mvc.perform(get("/api/v1/audit/entries").header("Authorization", bearer)).andExpect(status().isForbidden());
			mvc.perform(get("/api/v1/audit/entries/" + inSjq).header("Authorization", bearer)).andExpect(status().isForbidden());
			mvc.perform(get("/api/v1/audit/checkpoint").header("Authorization", bearer)).andExpect(status().isForbidden());
		}
		mvc.perform(get("/api/v1/audit/checkpoint")).andExpect(status().isUnauthorized());
	}

	@Test
	void theFullCheckNamesAnEntryEditedInSql() {
		long index = record(AuditRecord.of("xy-clerk", "seal.use-approved", "seal-application", "A-1").inTerritory(VILLAGE_XY));
		record(AuditRecord.of("xy-clerk", "test.after", "x", "1"));
		checkpoints.publishNow();
		assertThat(fsck.check().problems()).isEmpty();
		try {
			// the append-only trigger refuses; an operator with the rights to drop it is the threat model
			assertThatThrownBy(() -> jdbc.sql("UPDATE audit_entry SET actor = 'nobody' WHERE leaf_index = ?").param(index).update())
				.hasMessageContaining("append-only");
			tamper("UPDATE audit_entry SET actor = 'nobody' WHERE leaf_index = " + index);
			AuditFsck.Report report = fsck.check();
			assertThat(report.ok()).isFalse();
			assertThat(report.firstTamperedIndex()).isEqualTo(index);
			assertThat(report.problems()).anyMatch(p -> p.contains("entry " + index));
		}
		finally {
			tamper("UPDATE audit_entry SET actor = 'xy-clerk' WHERE leaf_index = " + index);
		}
		assertThat(fsck.check().ok()).isTrue();
		// a forged leaf hash in the tree: named at its leaf; its parent's mismatch does not move the first index
		byte[] original = jdbc.sql("SELECT hash FROM audit_node WHERE level = 0 AND idx = ?").param(index).query(byte[].class).single();
		try {
			tamper("UPDATE audit_node SET hash = sha256('forged') WHERE level = 0 AND idx = " + index);
			AuditFsck.Report report = fsck.check();
			assertThat(report.firstTamperedIndex()).isEqualTo(index);
			assertThat(report.problems()).anyMatch(p -> p.contains("entry " + index + ": leaf hash"));
			assertThat(report.problems()).anyMatch(p -> p.contains("is not the hash of its children"));
		}
		finally {
			jdbc.sql("ALTER TABLE audit_node DISABLE TRIGGER audit_node_append_only").update();
			jdbc.sql("UPDATE audit_node SET hash = ? WHERE level = 0 AND idx = ?").params(original, index).update();
			jdbc.sql("ALTER TABLE audit_node ENABLE TRIGGER audit_node_append_only").update();
		}
		assertThat(fsck.check().ok()).isTrue();
	}

	private void tamper(String sql) {
		String table = sql.contains("audit_node") ? "audit_node" : "audit_entry";
		tx.executeWithoutResult(s -> {
			jdbc.sql("ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_append_only").update();
			jdbc.sql(sql).update();
			jdbc.sql("ALTER TABLE " + table + " ENABLE TRIGGER " + table + "_append_only").update();
		});
	}

	@Test
	void inspectorPagesSearchAndVerifyAnEntry() throws Exception {
		long index = record(AuditRecord.of("xy-secretary", "seal.use-approved", "seal-application", "PAGE-1").inTerritory(VILLAGE_XY));
		checkpoints.publishNow();
		MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/login").user("bz-inspector").password(TestTokens.PASSWORD))
			.andReturn().getRequest().getSession();
		mvc.perform(get("/audit").param("recordId", "PAGE-1").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/audit/entries/" + index)));
		mvc.perform(get("/audit").param("recordId", "PAGE-1").header("HX-Request", "true").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<html"))));
		mvc.perform(get("/audit/entries/" + index).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("alert ok")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("data-leaf-input")));
		MockHttpSession resident = (MockHttpSession) mvc.perform(formLogin("/login").user("resident1").password(TestTokens.PASSWORD))
			.andReturn().getRequest().getSession();
		mvc.perform(get("/audit").session(resident)).andExpect(status().isForbidden());
	}
}
