package org.civicloop.workorder.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.WorkOrderUpdate;
import org.civicloop.workorder.internal.Attachments;
import org.civicloop.workorder.internal.Intake;
import org.civicloop.workorder.internal.WorkOrder;
import org.civicloop.workorder.internal.WorkOrderAccess;
import org.civicloop.workorder.internal.WorkOrderQueries;
import org.civicloop.workorder.internal.WorkOrderService;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/workorders")
@Tag(name = "Work orders", description = "Closed-loop requests 诉求闭环: intake, handling, reply, rating")
class WorkOrderApi {

	private final WorkOrderService service;
	private final WorkOrderQueries queries;
	private final Attachments attachments;
	private final JurisdictionScope scope;
	private final org.civicloop.workorder.internal.Indicators indicators;
	private final Intake intake;

	WorkOrderApi(WorkOrderService service, WorkOrderQueries queries, Attachments attachments, JurisdictionScope scope,
			org.civicloop.workorder.internal.Indicators indicators, Intake intake) {
		this.indicators = indicators;
		this.intake = intake;
		this.service = service;
		this.queries = queries;
		this.attachments = attachments;
		this.scope = scope;
	}

	record SubmitRequest(String categoryCode, String description, String territoryCode, Double lat, Double lng,
			String address, Channel channel, Priority priority, Boolean anonymous, String requesterName,
			String requesterContact, Map<String, String> attributes) {
	}

	record Submitted(OrderDetail order, List<WorkOrderQueries.Nearby> possibleDuplicates) {
	}

	/** One body for every action; each action reads the fields it needs. */
	record ActionBody(String reason, String unit, String text, Integer rating, Boolean solved, String comment,
			String into, String lead, List<String> coUnits, List<UUID> ids) {
	}

	@GetMapping("/indicators")
	@Operation(summary = "三率 for orders received on the days [from, to) in the caller's jurisdiction (optionally within one territory node), by total, unit, street, territory (children of the node), day or category; from the daily roll-up")
	List<org.civicloop.workorder.internal.Indicators.Rates> indicators(@RequestParam(required = false) java.time.LocalDate from,
			@RequestParam(required = false) java.time.LocalDate to, @RequestParam(defaultValue = "total") String by,
			@RequestParam(required = false) String territory) {
		if (!WorkOrderAccess.isStaff(scope.current())) {
			throw new OutOfJurisdictionException("indicators");
		}
		java.time.ZoneId z = org.civicloop.workorder.sla.WorkingCalendar.ZONE;
		java.time.LocalDate t = to == null ? java.time.LocalDate.now(z).plusDays(1) : to;
		java.time.LocalDate f = from == null ? t.minusDays(30) : from;
		if (!f.isBefore(t) || f.plusDays(366).isBefore(t)) {
			throw new IllegalArgumentException("from must be before to, at most a year apart");
		}
		if (territory != null && !org.civicloop.shared.TerritoryCode.isValid(territory)) {
			throw new IllegalArgumentException("territory");
		}
		return indicators.rates(f, t, by, territory);
	}

	@GetMapping("/categories")
	@Operation(summary = "The catalogue of request categories")
	List<Category> categories() {
		return service.categories();
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Files a request; a repeated Idempotency-Key returns the first order")
	ResponseEntity<Submitted> submit(@RequestBody SubmitRequest body,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		if (body == null) {
			throw new IllegalArgumentException("request body is required");
		}
		Jurisdiction j = scope.current();
		Channel channel = body.channel() == null ? Channel.API : body.channel();
		boolean staffEntry = WorkOrderAccess.isHandler(j) && channel != Channel.API && channel != Channel.RESIDENT_WEB;
		if (channel == Channel.OPEN311) {
			throw new IllegalArgumentException("channel OPEN311 is reserved for the Open311 endpoint");
		}
		if (!WorkOrderAccess.isHandler(j) && channel != Channel.API && channel != Channel.RESIDENT_WEB) {
			throw new OutOfJurisdictionException("channel " + channel + " is for staff entry");
		}
		if (staffEntry && body.territoryCode() != null && !j.covers(body.territoryCode())) {
			throw new OutOfJurisdictionException(body.territoryCode());
		}
		Priority priority = WorkOrderAccess.isHandler(j) ? body.priority() : null;
		String key = idempotencyKey == null ? null : "api:" + j.username() + ":" + idempotencyKey;
		NewWorkOrder request = new NewWorkOrder(body.categoryCode(), body.description(), body.territoryCode(),
				body.lat(), body.lng(), body.address(), channel, priority, Boolean.TRUE.equals(body.anonymous()),
				staffEntry ? null : j.userId(), body.requesterName(), body.requesterContact(), body.attributes(), key);
		// staff entry: the caller must cover the placed node too (an order given by coordinates alone
		// is placed by the service, so that check is made there, after placement)
		Intake.Filed filed = intake.submit(request, j.username(), staffEntry);
		WorkOrder o = filed.order();
		List<WorkOrderQueries.Nearby> dups = filed.nearby();
		if (!WorkOrderAccess.isStaff(j)) {
			// a requester learns that similar reports exist, not what other people wrote
			dups = dups.stream().map(d -> new WorkOrderQueries.Nearby(d.id(), d.number(), null, d.state(), d.meters())).toList();
		}
		return ResponseEntity.created(URI.create("/api/v1/workorders/" + o.id()))
			.body(new Submitted(OrderDetail.of(o, j), dups));
	}

	@GetMapping
	@Operation(summary = "Orders the caller may see, newest first (queue: to-accept, to-handle, due-soon, overdue); "
			+ "page= for the first pages, after=<next of the previous page> beyond; total is capped at 10,000 (totalCapped)")
	WorkOrderQueries.Page list(@RequestParam(required = false) WorkOrderState state,
			@RequestParam(required = false) String category, @RequestParam(required = false) Boolean overdue,
			@RequestParam(required = false) String queue, @RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(required = false) String after) {
		if (page < 0 || page > 10_000 || size < 1 || size > 200) {
			throw new IllegalArgumentException("page must be 0–10000 and size 1–200");
		}
		if (category != null && category.length() > 40) {
			throw new IllegalArgumentException("category is too long");
		}
		if (after != null && after.length() > 100) {
			throw new IllegalArgumentException("after is too long");
		}
		WorkOrderQueries.Filter f = new WorkOrderQueries.Filter(state, category, overdue, queue, mine);
		// after= (the previous page's next) pages by keyset; page= by offset, for the first few pages
		return after != null ? queries.list(f, after, size) : queries.list(f, page, size);
	}

	@GetMapping("/{id}")
	OrderDetail get(@PathVariable String id) {
		return OrderDetail.of(service.visible(resolve(id)), scope.current());
	}

	@GetMapping("/{id}/timeline")
	@Operation(summary = "The public timeline (no internal notes)")
	List<WorkOrderUpdate> timeline(@PathVariable String id) {
		WorkOrder o = service.visible(resolve(id));
		return queries.timeline(o.id());
	}

	@GetMapping("/{id}/notes")
	@Operation(summary = "Internal notes (handlers only)")
	List<WorkOrderQueries.Note> notes(@PathVariable String id) {
		WorkOrder o = service.visible(resolve(id));
		WorkOrderAccess.requireHandler(scope.current(), o);
		return queries.notes(o.id());
	}

	@PostMapping("/{id}/notes")
	ResponseEntity<Void> addNote(@PathVariable String id, @RequestBody ActionBody body) {
		service.note(resolve(id), body(body).text());
		return ResponseEntity.status(HttpStatus.CREATED).build();
	}

	@PostMapping("/accept")
	@Operation(summary = "Bulk accept (签收): all or nothing")
	List<OrderDetail> bulkAccept(@RequestBody ActionBody body) {
		return service.bulkAccept(body(body).ids()).stream().map(o -> OrderDetail.of(o, scope.current())).toList();
	}

	@PostMapping("/{id}/{action:accept|transfer|assign|return|reject|start|reply|rate|reopen|escalate|merge|close|joint|pause|resume}")
	@Operation(summary = "A step of the closed loop; an illegal step is a 409")
	OrderDetail act(@PathVariable String id, @PathVariable String action,
			@RequestBody(required = false) ActionBody body) {
		UUID uuid = resolve(id);
		ActionBody b = body == null ? new ActionBody(null, null, null, null, null, null, null, null, null, null) : body;
		WorkOrder o = switch (action) {
			case "accept" -> service.accept(uuid);
			case "transfer", "assign" -> service.transfer(uuid, b.unit(), b.reason());
			case "return" -> service.returnToDispatcher(uuid, b.reason());
			case "reject" -> service.reject(uuid, b.reason());
			case "start" -> service.start(uuid);
			case "reply" -> service.reply(uuid, b.text());
			case "rate" -> {
				if (b.rating() == null) {
					throw new IllegalArgumentException("rating is required");
				}
				yield service.rate(uuid, b.rating(), b.solved() == null || b.solved(), b.comment());
			}
			case "reopen" -> service.reopen(uuid, b.reason());
			case "escalate" -> service.escalate(uuid, b.reason());
			case "merge" -> service.merge(uuid, resolve(b.into() == null ? "" : b.into()));
			case "close" -> service.close(uuid);
			case "joint" -> service.joint(uuid, b.lead(), b.coUnits());
			case "pause" -> service.pause(uuid, b.reason());
			case "resume" -> service.resume(uuid);
			default -> throw new NotFoundException("No action " + action);
		};
		return OrderDetail.of(o, scope.current());
	}

	@PostMapping(path = "/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Map<String, UUID>> attach(@PathVariable String id, @RequestPart("photo") MultipartFile photo)
			throws IOException {
		if (photo.getSize() > Attachments.MAX_BYTES) {
			throw new IllegalArgumentException("The photo is larger than 10 MB");
		}
		UUID a = attachments.attach(resolve(id), photo.getBytes(), photo.getOriginalFilename(), "photo");
		return ResponseEntity.created(URI.create("/api/v1/workorders/" + id + "/attachments/" + a)).body(Map.of("id", a));
	}

	@GetMapping("/{id}/attachments")
	List<WorkOrderQueries.Attachment> listAttachments(@PathVariable String id) {
		return queries.attachments(service.visible(resolve(id)).id());
	}

	@GetMapping("/{id}/attachments/{attachmentId}")
	ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable UUID attachmentId) {
		Attachments.Content c = attachments.open(resolve(id), attachmentId);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(c.contentType()))
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header("X-Content-Type-Options", "nosniff")
			.body(c.bytes());
	}

	private static ActionBody body(ActionBody b) {
		if (b == null) {
			throw new IllegalArgumentException("request body is required");
		}
		return b;
	}

	/** A UUID or a public number (HZ20261127-000123). */
	private UUID resolve(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException notUuid) {
			if (id != null && id.matches("HZ\\d{8}-\\d{6}")) {
				return service.findByNumber(id)
					.map(v -> v.id().value())
					.orElseThrow(() -> new NotFoundException("No work order " + id));
			}
			throw new NotFoundException("No work order " + (id == null ? "" : id.length() > 40 ? id.substring(0, 40) : id));
		}
	}
}
