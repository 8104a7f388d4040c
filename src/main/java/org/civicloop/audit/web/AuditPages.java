package org.civicloop.audit.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.civicloop.audit.internal.AuditFsck;
import org.civicloop.audit.internal.AuditKeys;
import org.civicloop.audit.internal.AuditQueries;
import org.civicloop.audit.internal.Checkpoints;
import org.civicloop.audit.internal.TreeStore;
import org.civicloop.audit.tlog.MerkleVerifier;
import org.civicloop.audit.tlog.Rfc6962;
import org.civicloop.audit.tlog.SignedNote;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The inspectors' pages: search the log, open an entry and see its proof checked. */
@Controller
@RequestMapping("/audit")
@PreAuthorize("hasAnyRole('AUDITOR','DISCIPLINE_INSPECTOR','ADMIN')")
class AuditPages {

	private static final int PAGE_SIZE = 20;
	private static final Base64.Encoder B64 = Base64.getEncoder();

	private final AuditQueries queries;
	private final Checkpoints checkpoints;
	private final TreeStore tree;
	private final AuditKeys keys;
	private final AuditFsck fsck;
	private final JurisdictionScope scope;
	private final JsonMapper json = JsonMapper.builder().build();

	AuditPages(AuditQueries queries, Checkpoints checkpoints, TreeStore tree, AuditKeys keys, AuditFsck fsck,
			JurisdictionScope scope) {
		this.queries = queries;
		this.checkpoints = checkpoints;
		this.tree = tree;
		this.keys = keys;
		this.fsck = fsck;
		this.scope = scope;
	}

	@GetMapping
	String search(@RequestParam(required = false) String actor, @RequestParam(required = false) String recordType,
			@RequestParam(required = false) String recordId, @RequestParam(required = false) String territory,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		Jurisdiction j = scope.current();
		model.addAttribute("q", new Query(actor, recordType, recordId, territory, from, to));
		try {
			AuditQueries.Page p = queries.search(new AuditQueries.Filter(actor, null, recordType, recordId, territory,
					TimeParam.start(from), TimeParam.end(to)), j, Math.max(page, 0), PAGE_SIZE);
			model.addAttribute("result", p);
			model.addAttribute("pages", (p.total() + PAGE_SIZE - 1) / PAGE_SIZE);
		}
		catch (IllegalArgumentException e) {
			model.addAttribute("error", e.getMessage());
		}
		model.addAttribute("checkpoint", checkpoints.latest().orElse(null));
		model.addAttribute("canAdminister", AuditQueries.seesUnplaced(j));
		return request.getHeader("HX-Request") != null ? "audit/index :: results" : "audit/index";
	}

	record Query(String actor, String recordType, String recordId, String territory, String from, String to) {
	}

	record Verification(boolean signatureOk, boolean leafHashOk, boolean included, String reason, long treeSize,
			String root, List<String> proof, String leafHash) {
	}

	/** The entry a module recorded under a source key: its proof page, once it is in the tree. */
	@GetMapping("/source")
	String bySource(@RequestParam String key) {
		long index = queries.indexOfSource(key, scope.current())
			.orElseThrow(() -> new NotFoundException("No sequenced audit entry for " + key));
		return "redirect:/audit/entries/" + index;
	}

	@GetMapping("/entries/{index}")
	String entry(@PathVariable long index, Model model) {
		AuditQueries.Entry e = queries.entry(index, scope.current())
			.orElseThrow(() -> new NotFoundException("No audit entry " + index));
		model.addAttribute("entry", e);
		model.addAttribute("leafInputText", new String(e.leafInput(), StandardCharsets.UTF_8));
		model.addAttribute("leafInput", B64.encodeToString(e.leafInput()));
		model.addAttribute("details", pretty(e.details()));
		Optional<Checkpoints.Published> cp = checkpoints.latest();
		model.addAttribute("checkpoint", cp.orElse(null));
		cp.ifPresent(c -> {
			model.addAttribute("verification", verify(e, c));
			model.addAttribute("signature", B64.encodeToString(c.signature()));
		});
		model.addAttribute("publicKey", B64.encodeToString(keys.publicKey().getEncoded()));
		return "audit/entry";
	}

	private Verification verify(AuditQueries.Entry e, Checkpoints.Published cp) {
		boolean sigOk = SignedNote.verify(cp.body().getBytes(StandardCharsets.UTF_8), cp.signature(), keys.publicKey());
		byte[] leafHash = Rfc6962.leafHash(e.leafInput());
		boolean leafOk = java.security.MessageDigest.isEqual(leafHash, tree.leafHash(e.index()));
		if (e.index() >= cp.treeSize()) {
			return new Verification(sigOk, leafOk, false, "pending", cp.treeSize(), B64.encodeToString(cp.rootHash()),
					List.of(), B64.encodeToString(leafHash));
		}
		List<byte[]> proof = tree.inclusionProof(e.index(), cp.treeSize());
		String reason = null;
		try {
			MerkleVerifier.verifyInclusion(e.index(), cp.treeSize(), leafHash, proof, cp.rootHash());
		}
		catch (MerkleVerifier.ProofException ex) {
			reason = ex.getMessage();
		}
		return new Verification(sigOk, leafOk, reason == null, reason, cp.treeSize(), B64.encodeToString(cp.rootHash()),
				proof.stream().map(B64::encodeToString).toList(), B64.encodeToString(leafHash));
	}

	@PostMapping("/checkpoints")
	@PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
	String publish(@RequestParam(required = false) Long back) {
		checkpoints.publishNow();
		return back == null ? "redirect:/audit" : "redirect:/audit/entries/" + back;
	}

	@PostMapping("/fsck")
	@PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
	String fsck(Model model) {
		model.addAttribute("report", fsck.check());
		return "audit/index :: fsck";
	}

	private String pretty(String details) {
		try {
			return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(details));
		}
		catch (RuntimeException ex) {
			return details;
		}
	}
}
