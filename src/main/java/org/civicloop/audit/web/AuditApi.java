package org.civicloop.audit.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.civicloop.audit.internal.AuditFsck;
import org.civicloop.audit.internal.AuditKeys;
import org.civicloop.audit.internal.AuditQueries;
import org.civicloop.audit.internal.Checkpoints;
import org.civicloop.audit.internal.TreeStore;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasAnyRole('AUDITOR','DISCIPLINE_INSPECTOR','ADMIN')")
@Tag(name = "Audit", description = "Tamper-evident audit log: RFC 6962 Merkle tree, C2SP signed checkpoints, proofs")
class AuditApi {

	private static final Base64.Encoder B64 = Base64.getEncoder();

	private final Checkpoints checkpoints;
	private final TreeStore tree;
	private final AuditKeys keys;
	private final AuditQueries queries;
	private final AuditFsck fsck;
	private final JurisdictionScope scope;

	AuditApi(Checkpoints checkpoints, TreeStore tree, AuditKeys keys, AuditQueries queries, AuditFsck fsck,
			JurisdictionScope scope) {
		this.checkpoints = checkpoints;
		this.tree = tree;
		this.keys = keys;
		this.queries = queries;
		this.fsck = fsck;
		this.scope = scope;
	}

	record CheckpointView(long treeSize, String rootHash, Instant timestamp, String origin, String body,
			String signature, String keyName, String keyId, String note) {
		static CheckpointView of(Checkpoints.Published p, String origin) {
			return new CheckpointView(p.treeSize(), B64.encodeToString(p.rootHash()), p.timestamp(), origin,
					B64.encodeToString(p.body().getBytes(StandardCharsets.UTF_8)), B64.encodeToString(p.signature()),
					p.keyName(), p.keyId(), p.note());
		}
	}

	record PublicKeyView(String publicKey, String keyId, String keyName, String algorithm, String verifierKey) {
	}

	record EntryView(long index, String actor, String action, String recordType, String recordId,
			String territoryCode, Instant occurredAt, Instant sequencedAt,
			@com.fasterxml.jackson.annotation.JsonRawValue String details, String leafInput, String leafHash) {
	}

	record EntryPage(List<EntryView> items, int page, int size, long total) {
	}

	record InclusionProofView(long leafIndex, long treeSize, List<String> hashes) {
	}

	record ConsistencyProofView(long from, long to, List<String> hashes) {
	}

	@GetMapping("/checkpoint")
	@Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint body, Ed25519 signature, signed note)")
	CheckpointView checkpoint() {
		return CheckpointView.of(checkpoints.latest().orElseGet(checkpoints::publishNow), checkpoints.origin());
	}

	@PostMapping("/checkpoints")
	@PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
	@Operation(summary = "Sequence what is pending and publish a checkpoint now")
	CheckpointView publish() {
		return CheckpointView.of(checkpoints.publishNow(), checkpoints.origin());
	}

	@GetMapping("/public-key")
	@Operation(summary = "The Ed25519 key that signs checkpoints (PEM, key id and signed-note verifier key)")
	PublicKeyView publicKey() {
		return new PublicKeyView(keys.publicKeyPem(), keys.keyId(), keys.keyName(), "Ed25519", keys.verifierKey());
	}

	@GetMapping("/entries/{index}")
	@Operation(summary = "One entry with leafInput: base64 of exactly the bytes that were leaf-hashed")
	EntryView entry(@PathVariable long index) {
		if (index < 0) {
			throw new IllegalArgumentException("index must not be negative");
		}
		return queries.entry(index, scope.current())
			.map(this::view)
			.orElseThrow(() -> new NotFoundException("No audit entry " + index));
	}

	@GetMapping("/entries")
	@Operation(summary = "Search entries (newest first) by actor, action, record, territory and time")
	EntryPage search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String recordType, @RequestParam(required = false) String recordId,
			@RequestParam(required = false) String territory, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (page < 0 || size < 1 || size > 200) {
			throw new IllegalArgumentException("page must be ≥ 0 and size between 1 and 200");
		}
		AuditQueries.Filter f = new AuditQueries.Filter(actor, action, recordType, recordId, territory,
				TimeParam.start(from), TimeParam.end(to));
		AuditQueries.Page p = queries.search(f, scope.current(), page, size);
		return new EntryPage(p.items().stream().map(e -> view(e, null)).toList(), p.page(), p.size(), p.total());
	}

	@GetMapping("/proofs/inclusion")
	@Operation(summary = "RFC 9162 inclusion proof of a leaf in the tree of treeSize leaves (latest checkpoint's size by default)")
	InclusionProofView inclusion(@RequestParam long index, @RequestParam(required = false) Long treeSize) {
		long size = treeSize != null ? treeSize : checkpoints.latest().map(Checkpoints.Published::treeSize).orElse(0L);
		if (index < 0 || size < 0) {
			throw new IllegalArgumentException("index and treeSize must not be negative");
		}
		if (index >= size) {
			throw new IllegalArgumentException("index must be smaller than treeSize (" + size + ")");
		}
		return new InclusionProofView(index, size, b64(tree.inclusionProof(index, size)));
	}

	@GetMapping("/proofs/consistency")
	@Operation(summary = "RFC 9162 consistency proof between two tree sizes")
	ConsistencyProofView consistency(@RequestParam long from, @RequestParam long to) {
		if (from < 0 || to < 0) {
			throw new IllegalArgumentException("from and to must not be negative");
		}
		if (from > to) {
			throw new IllegalArgumentException("from must not be larger than to");
		}
		return new ConsistencyProofView(from, to, b64(tree.consistencyProof(from, to)));
	}

	@PostMapping("/fsck")
	@PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
	@Operation(summary = "Full check of the stored log: every leaf, node and checkpoint; names the first tampered entry")
	AuditFsck.Report fsck() {
		return fsck.check();
	}

	private EntryView view(AuditQueries.Entry e) {
		return view(e, tree.leafHash(e.index()));
	}

	private static EntryView view(AuditQueries.Entry e, byte[] leafHash) {
		return new EntryView(e.index(), e.actor(), e.action(), e.recordType(), e.recordId(), e.territoryCode(),
				e.occurredAt(), e.sequencedAt(), e.details(), B64.encodeToString(e.leafInput()),
				leafHash == null ? null : B64.encodeToString(leafHash));
	}

	private static List<String> b64(List<byte[]> hashes) {
		return hashes.stream().map(B64::encodeToString).toList();
	}
}
