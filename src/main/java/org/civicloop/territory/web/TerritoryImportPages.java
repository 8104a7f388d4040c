package org.civicloop.territory.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.territory.internal.Csv;
import org.civicloop.territory.internal.ImportRejectedException;
import org.civicloop.territory.internal.ImportStatus;
import org.civicloop.territory.internal.TerritoryImporter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * CSV import for administrators: upload, the full list of problems when the file is refused (and
 * nothing written), and a progress page that polls while an accepted file is applied. An
 * administrator bound to part of the city may only import rows inside that part; the importer
 * checks every row against the caller's jurisdiction.
 */
@Controller
@RequestMapping("/territory/import")
@PreAuthorize("hasRole('ADMIN')")
class TerritoryImportPages {

	static final int RECENT = 10;

	private final TerritoryImporter importer;
	private final JurisdictionScope scope;

	TerritoryImportPages(TerritoryImporter importer, JurisdictionScope scope) {
		this.importer = importer;
		this.scope = scope;
	}

	/** Times are shown in Hangzhou's zone whatever the server's. */
	@ModelAttribute("zone")
	ZoneId zone() {
		return ZoneId.of("Asia/Shanghai");
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("recent", importer.recent(RECENT));
		return "territory/import";
	}

	@PostMapping
	String upload(@RequestParam(name = "file", required = false) MultipartFile file, Authentication auth, Model model,
			jakarta.servlet.http.HttpServletResponse response) throws IOException {
		if (file == null || file.isEmpty()) {
			return refused(model, response, "noFile", List.of(), null);
		}
		String fileName = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload.csv"
				: file.getOriginalFilename();
		String csv;
		try {
			// strict decoding: a spreadsheet saved as GBK would otherwise import names full of U+FFFD
			csv = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(file.getBytes()))
				.toString();
		}
		catch (CharacterCodingException e) {
			return refused(model, response, "notUtf8", List.of(), fileName);
		}
		try {
			UUID id = importer.start(auth.getName(), fileName, csv, scope.current());
			return "redirect:/territory/import/" + id;
		}
		catch (ImportRejectedException e) {
			return refused(model, response, null, e.problems(), fileName);
		}
	}

	/** @param fileProblem a message key suffix for a problem with the upload as a whole, or null */
	private String refused(Model model, jakarta.servlet.http.HttpServletResponse response, String fileProblem,
			List<ImportRejectedException.ImportProblem> problems, String fileName) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("fileProblem", fileProblem);
		model.addAttribute("problems", problems);
		model.addAttribute("fileName", fileName);
		model.addAttribute("recent", importer.recent(RECENT));
		return "territory/import";
	}

	@GetMapping("/{id}")
	String status(@PathVariable UUID id, Model model) {
		model.addAttribute("s", find(id));
		return "territory/import-status";
	}

	/** Polled by the status page every second until the import is finished. */
	@GetMapping("/{id}/progress")
	String progress(@PathVariable UUID id, Model model) {
		model.addAttribute("s", find(id));
		return "territory/import-status :: progress";
	}

	/** An example file in the import format that an administrator can edit and upload. */
	@GetMapping(value = "/template.csv")
	ResponseEntity<byte[]> template() {
		String csv = "\uFEFF" + Csv.row(TerritoryImporter.HEADER.toArray())
				+ Csv.row("330102014002901", "常青社区示例网格", "GRID", "330102014002", "30.26630", "120.18820", "true")
				+ Csv.row("330102014002901001", "常青社区示例网格1号楼", "MICRO_GRID", "330102014002901", "", "", "true")
				+ Csv.row("330102014002R901", "示例小区（名称可含逗号, 用引号括起）", "COMPOUND", "330102014002", "30.26600",
						"120.18790", "true");
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"territory-template.csv\"")
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.body(csv.getBytes(StandardCharsets.UTF_8));
	}

	private ImportStatus find(UUID id) {
		return importer.status(id).orElseThrow(() -> new NotFoundException("No import " + id));
	}
}
