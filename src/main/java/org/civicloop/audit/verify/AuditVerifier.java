package org.civicloop.audit.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.civicloop.audit.tlog.Checkpoint;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.audit.tlog.MerkleVerifier;
import org.civicloop.audit.tlog.Rfc6962;
import org.civicloop.audit.tlog.SignedNote;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar civicloop.jar audit-verify --url=… (--token=… | --user=… --password=…)
 * [--public-key=pinned.pem] [--checkpoint=old.note] [--save=new.note] [--entries=0,17,42]}
 * <p>
 * Checks a running CivicLoop's audit log over HTTP with no access to its database and no Spring:
 * the checkpoint's Ed25519 signature, consistency with an older checkpoint saved earlier, and the
 * inclusion of chosen entries, rebuilding each leaf hash from the entry's {@code leafInput}.
 * Prints each check; exit code 0 when all hold, 1 otherwise.
 */
public final class AuditVerifier {

	private final Map<String, String> opts;
	private final PrintStream out;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private final JsonMapper json = JsonMapper.builder().build();
	private String base;
	private String token;
	private int failures;

	AuditVerifier(Map<String, String> opts, PrintStream out) {
		this.opts = opts;
		this.out = out;
	}

	public static int run(Map<String, String> opts, PrintStream out) {
		try {
			return new AuditVerifier(opts, out).verify();
		}
		catch (Exception e) {
			out.println("FAIL  " + e.getMessage());
			return 1;
		}
	}

	int verify() throws Exception {
		base = require("url").replaceAll("/+$", "");
		token = opts.get("token");
		if (token == null) {
			token = login(require("user"), require("password"));
		}

		// 1. the key: pinned by the caller if they have it, otherwise trusted on first use
		JsonNode keyJson = get("/api/v1/audit/public-key");
		PublicKey served = Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(keyJson.get("publicKey").asString(), "PUBLIC KEY"));
		PublicKey key = served;
		if (opts.containsKey("public-key")) {
			key = Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(Files.readString(Path.of(opts.get("public-key"))), "PUBLIC KEY"));
			check(MessageDigest.isEqual(key.getEncoded(), served.getEncoded()), "server's public key is the pinned one");
		}
		else {
			out.println("WARN  no --public-key given: trusting the key the server sends (save it and pin it next time)");
		}
		String keyName = keyJson.get("keyName").asString();
		out.println("INFO  key " + SignedNote.verifierKey(keyName, Ed25519Keys.raw(key)));

		// 2. the current checkpoint and its signature
		JsonNode cpJson = get("/api/v1/audit/checkpoint");
		String note = cpJson.get("note").asString();
		SignedNote.Parsed parsed = SignedNote.parse(note);
		check(SignedNote.verifyNote(parsed, keyName, key), "checkpoint signature (Ed25519 over the note text)");
		byte[] body = Base64.getDecoder().decode(cpJson.get("body").asString());
		byte[] signature = Base64.getDecoder().decode(cpJson.get("signature").asString());
		check(SignedNote.verify(body, signature, key), "signature field over the body field");
		check(new String(body, StandardCharsets.UTF_8).equals(parsed.text()), "body field is the note's text");
		Checkpoint current = Checkpoint.parse(parsed.text());
		check(current.size() == cpJson.get("treeSize").asLong()
				&& Base64.getEncoder().encodeToString(current.rootHash()).equals(cpJson.get("rootHash").asString()),
				"treeSize and rootHash fields match the signed body");
		out.println("INFO  checkpoint " + current.origin() + " size " + current.size() + " root "
				+ HexFormat.of().formatHex(current.rootHash()));

		// 3. consistency with an older checkpoint
		if (opts.containsKey("checkpoint")) {
			String oldNote = Files.readString(Path.of(opts.get("checkpoint")));
			SignedNote.Parsed oldParsed = SignedNote.parse(oldNote);
			check(SignedNote.verifyNote(oldParsed, keyName, key), "saved checkpoint's signature");
			Checkpoint old = Checkpoint.parse(oldParsed.text());
			check(old.origin().equals(current.origin()), "saved checkpoint is of the same log");
			if (old.size() > current.size()) {
				check(false, "log shrank: saved size " + old.size() + " > current " + current.size());
			}
			else {
				JsonNode proof = get("/api/v1/audit/proofs/consistency?from=" + old.size() + "&to=" + current.size());
				try {
					MerkleVerifier.verifyConsistency(old.size(), current.size(), old.rootHash(), current.rootHash(),
							hashes(proof.get("hashes")));
					check(true, "consistency " + old.size() + " → " + current.size() + " (" + proof.get("hashes").size() + " hashes)");
				}
				catch (MerkleVerifier.ProofException e) {
					check(false, "consistency " + old.size() + " → " + current.size() + ": " + e.getMessage());
				}
			}
		}

		// 4. inclusion of chosen entries, from their leaf input
		for (long index : indexes(opts.getOrDefault("entries", ""))) {
			if (index >= current.size()) {
				check(false, "entry " + index + " is not covered by the checkpoint (size " + current.size() + ")");
				continue;
			}
			JsonNode entry = get("/api/v1/audit/entries/" + index);
			byte[] leafInput = Base64.getDecoder().decode(entry.get("leafInput").asString());
			JsonNode leaf = json.readTree(new String(leafInput, StandardCharsets.UTF_8));
			check(leaf.path("index").asLong(-1) == index, "entry " + index + ": its leaf input says index " + leaf.path("index"));
			byte[] leafHash = Rfc6962.leafHash(leafInput);
			JsonNode proof = get("/api/v1/audit/proofs/inclusion?index=" + index + "&treeSize=" + current.size());
			try {
				MerkleVerifier.verifyInclusion(index, current.size(), leafHash, hashes(proof.get("hashes")), current.rootHash());
				check(true, "entry " + index + " included (" + leaf.path("action").asString("") + " by "
						+ leaf.path("actor").asString("") + " at " + leaf.path("occurredAt").asString("") + ")");
			}
			catch (MerkleVerifier.ProofException e) {
				check(false, "entry " + index + " inclusion: " + e.getMessage());
			}
		}

		if (opts.containsKey("save")) {
			Files.writeString(Path.of(opts.get("save")), note);
			out.println("INFO  checkpoint saved to " + opts.get("save") + " (pass it as --checkpoint next time)");
		}
		out.println(failures == 0 ? "OK    all checks passed" : "FAIL  " + failures + " check(s) failed");
		return failures == 0 ? 0 : 1;
	}

	private void check(boolean ok, String what) {
		out.println((ok ? "OK    " : "FAIL  ") + what);
		if (!ok) {
			failures++;
		}
	}

	private static List<byte[]> hashes(JsonNode array) {
		List<byte[]> out = new ArrayList<>();
		array.forEach(h -> out.add(Base64.getDecoder().decode(h.asString())));
		return out;
	}

	private static List<Long> indexes(String csv) {
		List<Long> out = new ArrayList<>();
		for (String s : csv.split(",")) {
			if (!s.isBlank()) {
				out.add(Long.parseLong(s.strip()));
			}
		}
		return out;
	}

	private String login(String user, String password) throws IOException, InterruptedException {
		String body = json.writeValueAsString(Map.of("username", user, "password", password));
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IllegalStateException("login as " + user + " failed: HTTP " + r.statusCode());
		}
		return json.readTree(r.body()).get("access_token").asString();
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IllegalStateException("GET " + path + " → HTTP " + r.statusCode() + " " + r.body());
		}
		return json.readTree(r.body());
	}

	private String require(String name) {
		String v = opts.get(name);
		if (v == null || v.isBlank()) {
			throw new IllegalArgumentException("missing --" + name);
		}
		return v;
	}

}
