package org.civicloop.seal.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.civicloop.device.DeviceEventFeed;
import org.civicloop.seal.ApplicationStatus;
import org.civicloop.seal.NewSealApplication;
import org.civicloop.seal.SealApplicationView;
import org.civicloop.seal.internal.AnomalyDesk;
import org.civicloop.seal.internal.ApplicationService;
import org.civicloop.seal.internal.Oversight;
import org.civicloop.seal.internal.SealRegistry;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/** Phone-first pages: apply, my/our applications, detail with timeline, seals, power list, anomalies, oversight. */
@Controller
class SealPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SealRegistry registry;
	private final ApplicationService applications;
	private final AnomalyDesk anomalies;
	private final Oversight oversight;
	private final AnomalyStream stream;
	private final JurisdictionScope scope;
	private final ObjectProvider<DeviceEventFeed> feed;

	SealPages(SealRegistry registry, ApplicationService applications, AnomalyDesk anomalies, Oversight oversight,
			AnomalyStream stream, JurisdictionScope scope, ObjectProvider<DeviceEventFeed> feed) {
		this.registry = registry;
		this.applications = applications;
		this.anomalies = anomalies;
		this.oversight = oversight;
		this.stream = stream;
		this.scope = scope;
		this.feed = feed;
	}

	@GetMapping("/seal")
	String list(@RequestParam(required = false) ApplicationStatus status, @RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("page", applications.list(status, mine, Math.max(page, 0), 20));
		model.addAttribute("status", status);
		model.addAttribute("mine", mine);
		model.addAttribute("items", registry.itemsByCode());
		return "seal/list";
	}

	@GetMapping("/seal/apply")
	String applyForm(Model model) {
		model.addAttribute("items", registry.items(true));
		model.addAttribute("seals", registry.visible(null).stream().filter(s -> s.deviceId() != null).toList());
		model.addAttribute("clerk", scope.current().has(Role.VILLAGE_CLERK));
		return "seal/apply";
	}

	@PostMapping("/seal/apply")
	String apply(@RequestParam String itemCode, @RequestParam UUID sealId, @RequestParam String purpose,
			@RequestParam int impressions, @RequestParam(required = false) String applicantName,
			@RequestParam(required = false) MultipartFile file) throws IOException {
		SealApplicationView a = applications.submit(new NewSealApplication(itemCode, sealId, purpose, impressions,
				applicantName));
		if (file != null && !file.isEmpty()) {
			applications.attachDocument(a.id(), file.getOriginalFilename(), file.getContentType(), file.getBytes(), 0);
		}
		return "redirect:/seal/applications/" + a.id();
	}

	@GetMapping("/seal/applications/{id}")
	String detail(@PathVariable UUID id, Model model) {
		SealApplicationView a = applications.get(id);
		model.addAttribute("a", a);
		model.addAttribute("item", registry.item(a.itemCode()).orElse(null));
		model.addAttribute("approvals", applications.approvals(id));
		model.addAttribute("documents", applications.documents(id));
		model.addAttribute("mayDecide", applications.mayDecide(a));
		model.addAttribute("mayCancel", applications.mayCancel(a));
		model.addAttribute("trace", ApplicationServiceAccess.staff(scope) ? oversight.trace(id) : null);
		return "seal/detail";
	}

	@GetMapping("/seal/applications/{id}/documents/{doc}")
	ResponseEntity<byte[]> document(@PathVariable UUID id, @PathVariable UUID doc) {
		ApplicationService.Document d = applications.documents(id).stream().filter(x -> x.id().equals(doc)).findFirst()
			.orElseThrow(() -> new NotFoundException("No document " + doc));
		byte[] bytes = applications.documentBytes(id, doc).orElseThrow(() -> new NotFoundException("No document " + doc));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(d.contentType()))
			.cacheControl(CacheControl.noStore()).body(bytes);
	}

	@PostMapping("/seal/applications/{id}/approve")
	String approve(@PathVariable UUID id, @RequestParam(required = false) String comment) {
		applications.approve(id, comment);
		return "redirect:/seal/applications/" + id;
	}

	@PostMapping("/seal/applications/{id}/reject")
	String reject(@PathVariable UUID id, @RequestParam String comment) {
		applications.reject(id, comment);
		return "redirect:/seal/applications/" + id;
	}

	@PostMapping("/seal/applications/{id}/cancel")
	String cancel(@PathVariable UUID id, @RequestParam String comment) {
		applications.cancel(id, comment);
		return "redirect:/seal/applications/" + id;
	}

	@GetMapping("/seal/photos/{sha}")
	ResponseEntity<byte[]> photo(@PathVariable String sha) {
		if (!sha.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("not a SHA-256");
		}
		oversight.requirePhotoVisible(sha);
		DeviceEventFeed f = feed.getIfAvailable();
		byte[] bytes = f == null ? null : f.blob(sha).orElse(null);
		if (bytes == null) {
			throw new NotFoundException("Photo not received " + sha);
		}
		return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.maxAge(Duration.ofDays(7)))
			.body(bytes);
	}

	@GetMapping("/seal/seals")
	String seals(Model model) {
		model.addAttribute("seals", registry.visible(null));
		model.addAttribute("types", SealRegistry.TYPES);
		return "seal/seals";
	}

	@PostMapping("/seal/seals")
	String addSeal(@RequestParam String villageCode, @RequestParam String type, @RequestParam String name,
			@RequestParam(required = false) String custodian) {
		registry.add(villageCode.trim(), type, name, custodian);
		return "redirect:/seal/seals";
	}

	@PostMapping("/seal/seals/{id}/device")
	String bind(@PathVariable UUID id, @RequestParam String deviceId,
			@RequestParam(defaultValue = "false") boolean issueCredential) {
		registry.bindDevice(id, deviceId.trim(), issueCredential);
		return "redirect:/seal/seals";
	}

	@GetMapping("/admin/seal/items")
	String items(Model model) {
		model.addAttribute("items", registry.items(false));
		model.addAttribute("roles", List.of(Role.STREET_STAFF, Role.DISCIPLINE_INSPECTOR, Role.THREE_PARTY_OFFICE,
				Role.LEADER, Role.SUPERVISION_OFFICER));
		return "seal/items";
	}

	@PostMapping("/admin/seal/items")
	String saveItem(@RequestParam String code, @RequestParam String nameZh, @RequestParam String nameEn,
			@RequestParam String sealTypes, @RequestParam(required = false) String steps,
			@RequestParam(defaultValue = "false") boolean documentRequired, @RequestParam int maxImpressions,
			@RequestParam(defaultValue = "false") boolean active, @RequestParam(defaultValue = "0") int sortOrder) {
		registry.saveItem(code.trim(), nameZh, nameEn, Arrays.asList(sealTypes.split("[,，\\s]+")),
				steps == null ? List.of() : Arrays.asList(steps.split("[,，\\s]+")), documentRequired, maxImpressions,
				active, sortOrder);
		return "redirect:/admin/seal/items";
	}

	@GetMapping("/seal/anomalies")
	String anomalies(Model model) {
		model.addAttribute("anomalies", anomalies.list(null, 200));
		model.addAttribute("inspector", scope.current().has(Role.DISCIPLINE_INSPECTOR));
		return "seal/anomalies";
	}

	@GetMapping(path = "/seal/anomalies/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter anomalyStream() {
		return stream.open(scope.current());
	}

	@GetMapping("/seal/anomalies/{id}")
	String anomaly(@PathVariable UUID id, Model model) {
		model.addAttribute("anomalies", List.of(anomalies.get(id)));
		model.addAttribute("inspector", scope.current().has(Role.DISCIPLINE_INSPECTOR));
		return "seal/anomalies";
	}

	@PostMapping("/seal/anomalies/{id}/work-order")
	String workOrder(@PathVariable UUID id) {
		anomalies.openWorkOrder(id);
		return "redirect:/seal/anomalies/" + id;
	}

	@GetMapping("/seal/oversight")
	String oversightPage(@RequestParam(defaultValue = "30") int days, Model model) {
		int d = Math.min(Math.max(days, 1), 3660);
		Oversight.Stats s = oversight.stats(Instant.now().minus(Duration.ofDays(d)));
		model.addAttribute("stats", s);
		model.addAttribute("days", d);
		model.addAttribute("byTypeJson", JSON.writeValueAsString(s.anomaliesByType()));
		model.addAttribute("byDayJson", JSON.writeValueAsString(s.anomaliesByDay()));
		model.addAttribute("recent", applications.list(null, false, 0, 20));
		return "seal/oversight";
	}

	/** Staff-ness is the service's rule; pages only ask. */
	static final class ApplicationServiceAccess {
		static boolean staff(JurisdictionScope scope) {
			return scope.current().roles().stream().anyMatch(r -> r != Role.RESIDENT && r != Role.ENTERPRISE_CONTACT);
		}
	}
}
