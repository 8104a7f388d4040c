package org.civicloop.seal.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicloop.seal.ApplicationStatus;
import org.civicloop.seal.NewSealApplication;
import org.civicloop.seal.SealApplicationView;
import org.civicloop.seal.internal.AnomalyDesk;
import org.civicloop.seal.internal.ApplicationService;
import org.civicloop.seal.internal.Oversight;
import org.civicloop.seal.internal.SealRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Seal registry, power list, applications, anomalies and oversight over REST. */
@RestController
@RequestMapping("/api/v1/seal")
class SealApi {

	private final SealRegistry registry;
	private final ApplicationService applications;
	private final AnomalyDesk anomalies;
	private final Oversight oversight;

	SealApi(SealRegistry registry, ApplicationService applications, AnomalyDesk anomalies, Oversight oversight) {
		this.registry = registry;
		this.applications = applications;
		this.anomalies = anomalies;
		this.oversight = oversight;
	}

	record NewSeal(String villageCode, String type, String name, String custodian) {
	}

	record Binding(String deviceId, Boolean issueCredential) {
	}

	record Decision(String comment) {
	}

	record Item(String nameZh, String nameEn, List<String> sealTypes, List<String> steps, Boolean documentRequired,
			Integer maxImpressions, Boolean active, Integer sortOrder) {
	}

	@GetMapping("/seals")
	List<SealRegistry.Seal> seals(@RequestParam(required = false) String village) {
		return registry.visible(village);
	}

	@PostMapping("/seals")
	@ResponseStatus(HttpStatus.CREATED)
	SealRegistry.Seal addSeal(@RequestBody NewSeal s) {
		return registry.add(s.villageCode(), s.type(), s.name(), s.custodian());
	}

	@PostMapping("/seals/{id}/device")
	SealRegistry.Seal bind(@PathVariable UUID id, @RequestBody Binding b) {
		if (b.deviceId() == null) {
			throw new IllegalArgumentException("deviceId is required");
		}
		return registry.bindDevice(id, b.deviceId(), Boolean.TRUE.equals(b.issueCredential()));
	}

	@GetMapping("/items")
	List<SealRegistry.PowerItem> items() {
		return registry.items(false);
	}

	@PutMapping("/items/{code}")
	SealRegistry.PowerItem saveItem(@PathVariable String code, @RequestBody Item i) {
		return registry.saveItem(code, i.nameZh(), i.nameEn(), i.sealTypes(), i.steps(),
				!Boolean.FALSE.equals(i.documentRequired()), i.maxImpressions() == null ? 0 : i.maxImpressions(),
				!Boolean.FALSE.equals(i.active()), i.sortOrder() == null ? 0 : i.sortOrder());
	}

	@PostMapping("/applications")
	@ResponseStatus(HttpStatus.CREATED)
	SealApplicationView submit(@RequestBody NewSealApplication a) {
		return applications.submit(a);
	}

	@GetMapping("/applications")
	ApplicationService.Page list(@RequestParam(required = false) ApplicationStatus status,
			@RequestParam(defaultValue = "false") boolean awaitingMe, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return applications.list(status, awaitingMe, page, size);
	}

	@GetMapping("/applications/{id}")
	SealApplicationView get(@PathVariable UUID id) {
		return applications.get(id);
	}

	@PostMapping(path = "/applications/{id}/document", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	SealApplicationView document(@PathVariable UUID id, @RequestPart("file") MultipartFile file,
			@RequestParam(defaultValue = "0") int pages) throws IOException {
		return applications.attachDocument(id, file.getOriginalFilename(), file.getContentType(), file.getBytes(), pages);
	}

	@PostMapping("/applications/{id}/approve")
	SealApplicationView approve(@PathVariable UUID id, @RequestBody(required = false) Decision d) {
		return applications.approve(id, d == null ? null : d.comment());
	}

	@PostMapping("/applications/{id}/reject")
	SealApplicationView reject(@PathVariable UUID id, @RequestBody(required = false) Decision d) {
		return applications.reject(id, d == null ? null : d.comment());
	}

	@PostMapping("/applications/{id}/cancel")
	SealApplicationView cancel(@PathVariable UUID id, @RequestBody(required = false) Decision d) {
		return applications.cancel(id, d == null ? null : d.comment());
	}

	@GetMapping("/applications/{id}/trace")
	Oversight.Trace trace(@PathVariable UUID id) {
		return oversight.trace(id);
	}

	@GetMapping("/anomalies")
	List<AnomalyDesk.Anomaly> anomalies(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit is 1-500");
		}
		return anomalies.list(null, limit);
	}

	@PostMapping("/anomalies/{id}/work-order")
	AnomalyDesk.Anomaly workOrder(@PathVariable UUID id) {
		return anomalies.openWorkOrder(id);
	}

	@GetMapping("/stats")
	Oversight.Stats stats(@RequestParam(defaultValue = "30") int days) {
		if (days < 1 || days > 3660) {
			throw new IllegalArgumentException("days is 1-3660");
		}
		return oversight.stats(Instant.now().minus(Duration.ofDays(days)));
	}
}
