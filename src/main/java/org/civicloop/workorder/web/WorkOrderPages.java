package org.civicloop.workorder.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.internal.Attachments;
import org.civicloop.workorder.internal.WorkOrder;
import org.civicloop.workorder.internal.WorkOrderAccess;
import org.civicloop.workorder.internal.WorkOrderQueries;
import org.civicloop.workorder.internal.WorkOrderService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.util.MultiValueMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Phone-first pages: a resident files a request, follows it and rates the answer; staff work
 * through their queues on the workbench and act on an order from its page. Everything goes
 * through the same service as the API, so scoping, the state machine and the audit log are the same.
 */
@Controller
class WorkOrderPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WorkOrderService service;
	private final WorkOrderQueries queries;
	private final Attachments attachments;
	private final JurisdictionScope scope;
	private final double duplicateRadius;
	private final MessageSource messages;

	WorkOrderPages(WorkOrderService service, WorkOrderQueries queries, Attachments attachments, JurisdictionScope scope,
			@Value("${civicloop.workorder.duplicate-radius-m:200}") double duplicateRadius, MessageSource messages) {
		this.messages = messages;
		this.service = service;
		this.queries = queries;
		this.attachments = attachments;
		this.scope = scope;
		this.duplicateRadius = duplicateRadius;
	}

	/** What the form posted, kept to fill the form again after an error. */
	record Form(String categoryCode, String description, String address, Double lat, Double lng, boolean anonymous,
			String territoryCode, Map<String, String> answers) {
	}

	@GetMapping("/requests/new")
	String newRequest(Model model) {
		model.addAttribute("form", new Form(null, null, null, null, null, false, defaultPlace(), Map.of()));
		return form(model);
	}

	private String form(Model model) {
		model.addAttribute("categories", service.categories().stream().filter(Category::active).toList());
		return "workorder/new";
	}

	private String defaultPlace() {
		return scope.current().roots().stream().map(TerritoryCode::value).sorted().findFirst().orElse(null);
	}

	@PostMapping("/requests")
	String submit(@RequestParam(required = false) String categoryCode, @RequestParam(required = false) String description,
			@RequestParam(required = false) String address, @RequestParam(required = false) Double lat,
			@RequestParam(required = false) Double lng, @RequestParam(defaultValue = "false") boolean anonymous,
			@RequestParam(required = false) MultipartFile photo, @RequestParam MultiValueMap<String, String> params,
			Model model, HttpServletResponse response, Locale locale) throws IOException {
		Jurisdiction j = scope.current();
		// The point on the map chooses the place, but only inside the resident's own jurisdiction
		// (their compound or community and what lies below it): the nearest node there that has
		// coordinates. A resident may pin the lamp post outside their gate, but the order must stay
		// with the unit that serves them and that they can follow up with; a point far away, or a
		// jurisdiction without coordinates, falls back to the node the account is bound to.
		String place = defaultPlace();
		if (lat != null && lng != null && Double.isFinite(lat) && Double.isFinite(lng) && Math.abs(lat) <= 90
				&& Math.abs(lng) <= 180) {
			place = service.nearestWithin(j.roots(), lat, lng).map(TerritoryCode::value).orElse(place);
		}
		Category category = service.category(categoryCode).orElse(null);
		Map<String, String> answers = AttributeForm.answers(category, params);
		Form form = new Form(categoryCode, description, address, lat, lng, anonymous, place, answers);
		try {
			String missing = AttributeForm.firstMissing(category, answers, locale);
			if (missing != null) {
				throw new IllegalArgumentException(messages.getMessage("wo.new.attrRequired", new Object[] { missing }, locale));
			}
			if (photo != null && photo.getSize() > Attachments.MAX_BYTES) {
				throw new IllegalArgumentException("photo.tooLarge");
			}
			byte[] bytes = photo == null || photo.isEmpty() ? null : photo.getBytes();
			WorkOrder o = attachments.submitWithPhoto(new NewWorkOrder(categoryCode, description, place, lat, lng,
					address, Channel.RESIDENT_WEB, null, anonymous, j.userId(), null, null, answers, null),
					j.username(), bytes, photo == null ? null : photo.getOriginalFilename());
			return "redirect:/requests/" + o.id() + "?created";
		}
		catch (IllegalArgumentException e) {
			response.setStatus(400);
			model.addAttribute("error", e.getMessage());
			model.addAttribute("form", form);
			return form(model);
		}
	}

	@GetMapping("/requests/mine")
	String mine(@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("page", queries.list(new WorkOrderQueries.Filter(null, null, null, null, true), Math.max(0, page), 20));
		model.addAttribute("categories", categoryNames());
		return "workorder/mine";
	}

	@GetMapping("/requests/{id}")
	String detail(@PathVariable UUID id, Model model, Locale locale) {
		WorkOrder o = service.visible(id);
		Jurisdiction j = scope.current();
		model.addAttribute("order", OrderDetail.of(o, j));
		model.addAttribute("timeline", queries.timeline(o.id()));
		model.addAttribute("photos", queries.attachments(o.id()));
		model.addAttribute("owner", WorkOrderAccess.isOwner(j, o));
		boolean handler = WorkOrderAccess.isHandler(j) && j.covers(o.territoryCode());
		model.addAttribute("handler", handler);
		model.addAttribute("supervisor", j.hasAny(WorkOrderAccess.SUPERVISORS) && j.covers(o.territoryCode()));
		model.addAttribute("notes", handler ? queries.notes(o.id()) : List.of());
		model.addAttribute("duplicates", handler && o.lat() != null && o.state().isOpen()
				? queries.nearbyOpen(o.categoryCode(), o.lat(), o.lng(), duplicateRadius, o.id()) : List.of());
		model.addAttribute("categories", categoryNames());
		List<Map<String, Object>> points = new ArrayList<>();
		if (o.lat() != null) {
			points.add(Map.of("lat", o.lat(), "lng", o.lng(), "label", o.number()));
		}
		model.addAttribute("points", JSON.writeValueAsString(points));
		return "workorder/detail";
	}

	@PostMapping("/requests/{id}/rate")
	String rate(@PathVariable UUID id, @RequestParam int rating, @RequestParam(defaultValue = "true") boolean solved,
			@RequestParam(required = false) String comment) {
		service.rate(id, rating, solved, comment);
		return "redirect:/requests/" + id;
	}

	@PostMapping("/requests/{id}/{action:accept|start|transfer|return|reject|reopen|escalate|close|note|merge|pause|resume|joint}")
	String act(@PathVariable UUID id, @PathVariable String action, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String unit, @RequestParam(required = false) String text,
			@RequestParam(required = false) UUID into, @RequestParam(required = false) String coUnits) {
		switch (action) {
			// co-units one per line or separated by commas (、 and ， too, as typed on a Chinese keyboard)
			case "joint" -> service.joint(id, unit, coUnits == null ? List.of() : List.of(coUnits.split("[,，、\\n]")));
			case "accept" -> service.accept(id);
			case "start" -> service.start(id);
			case "transfer" -> service.transfer(id, unit, reason);
			case "return" -> service.returnToDispatcher(id, reason);
			case "reject" -> service.reject(id, reason);
			case "reopen" -> service.reopen(id, reason);
			case "escalate" -> service.escalate(id, reason);
			case "close" -> service.close(id);
			case "note" -> service.note(id, text);
			case "merge" -> service.merge(id, into);
			case "pause" -> service.pause(id, reason);
			case "resume" -> service.resume(id);
			default -> throw new IllegalArgumentException(action);
		}
		return "redirect:/requests/" + id;
	}

	@PostMapping("/requests/{id}/reply")
	String reply(@PathVariable UUID id, @RequestParam(required = false) String text,
			@RequestParam(required = false) MultipartFile photo) throws IOException {
		if (photo != null && photo.getSize() > Attachments.MAX_BYTES) {
			throw new IllegalArgumentException("The photo is larger than 10 MB");
		}
		attachments.replyWithPhoto(id, text, photo == null || photo.isEmpty() ? null : photo.getBytes(),
				photo == null ? null : photo.getOriginalFilename());
		return "redirect:/requests/" + id;
	}

	@GetMapping("/requests/{id}/photos/{photoId}")
	org.springframework.http.ResponseEntity<byte[]> photo(@PathVariable UUID id, @PathVariable UUID photoId) {
		Attachments.Content c = attachments.open(id, photoId);
		return org.springframework.http.ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.parseMediaType(c.contentType()))
			.header("X-Content-Type-Options", "nosniff")
			.body(c.bytes());
	}

	@GetMapping("/workbench")
	String workbench(@RequestParam(defaultValue = "to-accept") String queue, @RequestParam(defaultValue = "0") int page,
			Model model) {
		if (!WorkOrderAccess.isStaff(scope.current())) {
			throw new org.civicloop.shared.OutOfJurisdictionException("workbench");
		}
		if (!List.of("to-accept", "to-handle", "due-soon", "overdue").contains(queue)) {
			throw new IllegalArgumentException("queue");
		}
		model.addAttribute("queue", queue);
		model.addAttribute("page", queries.list(new WorkOrderQueries.Filter(null, null, null, queue, false), Math.max(0, page), 50));
		model.addAttribute("counts", Map.of("to-accept", count("to-accept"), "to-handle", count("to-handle"), "due-soon",
				count("due-soon"), "overdue", count("overdue")));
		model.addAttribute("categories", categoryNames());
		return "workorder/workbench";
	}

	private long count(String queue) {
		return queries.list(new WorkOrderQueries.Filter(null, null, null, queue, false), 0, 1).total();
	}

	@PostMapping("/workbench/accept")
	String bulkAccept(@RequestParam(name = "ids", required = false) List<UUID> ids) {
		service.bulkAccept(ids);
		return "redirect:/workbench?queue=to-handle";
	}

	private Map<String, Category> categoryNames() {
		Map<String, Category> m = new java.util.HashMap<>();
		service.categories().forEach(c -> m.put(c.code(), c));
		return m;
	}
}
