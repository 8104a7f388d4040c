package org.civicloop.territory.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.civicloop.platform.web.ApiProblems;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.ResponsiblePerson;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.territory.internal.ImportRejectedException;
import org.civicloop.territory.internal.ImportStatus;
import org.civicloop.territory.internal.TerritoryImporter;
import org.civicloop.territory.internal.TerritoryQueries;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/territory")
@Tag(name = "Territory", description = "The territory tree: district → street → community → grid → micro-grid")
class TerritoryApi {

	private final Territories territories;
	private final TerritoryQueries queries;
	private final TerritoryImporter importer;
	private final JurisdictionScope scope;

	TerritoryApi(Territories territories, TerritoryQueries queries, TerritoryImporter importer, JurisdictionScope scope) {
		this.territories = territories;
		this.queries = queries;
		this.importer = importer;
		this.scope = scope;
	}

	record NodeRef(String code, String name, TerritoryLevel level) {
		static NodeRef of(TerritoryNode n) {
			return new NodeRef(n.code(), n.name(), n.level());
		}
	}

	record NodeView(String code, String name, TerritoryLevel level, String parentCode, Double lat, Double lng,
			boolean demo, List<NodeRef> ancestors, List<NodeRef> children) {
	}

	record PersonView(String name, String duty, String phone, String username, boolean demo) {
		static PersonView of(ResponsiblePerson p) {
			return new PersonView(p.name(), p.duty(), p.phone(), p.username(), p.demo());
		}
	}

	record SearchResult(List<NodeRef> items, int page, int size, long total) {
	}

	@GetMapping("/{code}")
	@Operation(summary = "A node with its ancestors and the children the caller may see")
	NodeView node(@PathVariable String code) {
		TerritoryNode node = visibleNode(code);
		Jurisdiction j = scope.current();
		return new NodeView(node.code(), node.name(), node.level(), node.parentCode(), node.lat(), node.lng(), node.demo(),
				territories.ancestors(node.territoryCode()).stream().map(NodeRef::of).toList(),
				territories.children(node.territoryCode())
					.stream()
					.filter(c -> c.level().isPublicDivision() || j.covers(c.territoryCode()))
					.map(NodeRef::of)
					.toList());
	}

	@GetMapping("/{code}/people")
	@Operation(summary = "The people responsible for a node (inside the caller's jurisdiction only)")
	List<PersonView> people(@PathVariable String code) {
		TerritoryCode c = TerritoryCode.of(code);
		territories.get(c);
		scope.require(c);
		return territories.people(c).stream().map(PersonView::of).toList();
	}

	@GetMapping
	@Operation(summary = "Search nodes by name or code prefix")
	SearchResult search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (page < 0 || size < 1 || size > 200) {
			throw new IllegalArgumentException("page must be ≥ 0 and size between 1 and 200");
		}
		if (q.length() > 100) {
			throw new IllegalArgumentException("q is longer than 100 characters");
		}
		TerritoryQueries.Page<TerritoryNode> p = queries.search(q, scope.current(), page, size);
		return new SearchResult(p.items().stream().map(NodeRef::of).toList(), p.page(), p.size(), p.total());
	}

	@GetMapping(value = "/{code}/export", produces = "text/csv")
	@Operation(summary = "The subtree as CSV in the import format")
	ResponseEntity<byte[]> export(@PathVariable String code) {
		TerritoryCode c = TerritoryCode.of(code);
		territories.get(c);
		scope.require(c);
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"territory-" + c.value() + ".csv\"")
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.body(queries.exportCsv(c).getBytes(StandardCharsets.UTF_8));
	}

	@PostMapping(value = "/imports", consumes = { "text/csv", "text/plain" })
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Import a CSV (all-or-nothing); 400 lists every bad row, 202 starts applying it")
	ResponseEntity<ImportStatus> importCsv(@RequestBody String csv,
			@RequestParam(name = "fileName", defaultValue = "upload.csv") String fileName, Authentication auth) {
		return started(importer.start(auth.getName(), fileName, csv, scope.current()));
	}

	@PostMapping(value = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Import a CSV file upload (all-or-nothing)")
	ResponseEntity<ImportStatus> importFile(@RequestPart("file") MultipartFile file, Authentication auth)
			throws IOException {
		String csv = new String(file.getBytes(), StandardCharsets.UTF_8);
		return started(importer.start(auth.getName(), file.getOriginalFilename(), csv, scope.current()));
	}

	@GetMapping("/imports/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Progress and outcome of an import")
	ImportStatus importStatus(@PathVariable UUID id) {
		return importer.status(id).orElseThrow(() -> new NotFoundException("No import " + id));
	}

	private ResponseEntity<ImportStatus> started(UUID id) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/territory/imports/" + id))
			.body(importer.status(id).orElseThrow());
	}

	@ExceptionHandler(ImportRejectedException.class)
	ResponseEntity<ProblemDetail> rejected(ImportRejectedException e) {
		ProblemDetail pd = ApiProblems.problem(HttpStatus.BAD_REQUEST, "import-rejected", e.getMessage());
		pd.setProperty("errors", e.problems());
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

	private TerritoryNode visibleNode(String code) {
		TerritoryCode c = TerritoryCode.of(code);
		TerritoryNode node = territories.get(c);
		if (!node.level().isPublicDivision() && !scope.current().covers(c)) {
			throw new OutOfJurisdictionException(code);
		}
		return node;
	}
}
