package org.civicloop.open311.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.civicloop.open311.internal.ApiKeys;
import org.civicloop.open311.internal.Open311Properties;
import org.civicloop.open311.internal.StatusMapping;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderUpdate;
import org.civicloop.workorder.WorkOrderView;
import org.civicloop.workorder.WorkOrders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Open311 GeoReport v2 and mySociety's {@code servicerequestupdates}. Every resource takes its
 * format from its extension; errors come in the same format (see {@link Open311Errors}).
 * <p>
 * The work-order facade is looked up per call through an {@link ObjectProvider}, not injected:
 * the adapter must not stop the application from starting where the work-order implementation is
 * absent (a build without it, or this branch before it lands). Without it every resource that
 * needs it answers 503 in the Open311 error format; discovery still answers.
 * <p>
 * Not a {@code @RestController} on purpose: the platform's problem-detail advice applies to those,
 * and Open311 clients expect the spec's own error documents.
 */
@Controller
@RequestMapping("/open311")
class Open311Api {

	static final String SPEC = "http://wiki.open311.org/GeoReport_v2";
	/** When the interface last changed (discovery's changeset). */
	static final String CHANGESET = "2026-05-01T00:00:00+08:00";
	static final Duration MAX_RANGE = Duration.ofDays(90);
	static final int MAX_RESULTS = 1000;

	private final ObjectProvider<WorkOrders> workOrders;
	private final ApiKeys keys;
	private final Open311Properties props;
	private final MessageSource messages;

	Open311Api(ObjectProvider<WorkOrders> workOrders, ApiKeys keys, Open311Properties props, MessageSource messages) {
		this.workOrders = workOrders;
		this.keys = keys;
		this.props = props;
		this.messages = messages;
	}

	// ── discovery ─────────────────────────────────────────────────────────────

	@GetMapping("/discovery.{format}")
	ResponseEntity<byte[]> discovery(@PathVariable String format) {
		Format f = format(format);
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
		Doc.Obj endpoint = new Doc.Obj().put("specification", SPEC)
			.put("url", base + "/open311/v2")
			.put("changeset", CHANGESET)
			.put("type", "production")
			.put("formats", new Doc.Items("format", List.of("application/json", "text/xml")));
		String contact = props.contact() != null ? props.contact() : text("open311.discovery.contact");
		Doc.Obj discovery = new Doc.Obj().put("changeset", CHANGESET)
			.put("contact", contact)
			.put("key_service", text("open311.discovery.keyService", base + "/admin/open311"))
			.put("endpoints", new Doc.Items("endpoint", List.of(endpoint)));
		return ok(Doc.object("discovery", discovery), f);
	}

	// ── services ──────────────────────────────────────────────────────────────

	@GetMapping("/v2/services.{format}")
	ResponseEntity<byte[]> services(@PathVariable String format) {
		Format f = format(format);
		boolean en = english();
		List<Doc.Obj> list = new ArrayList<>();
		for (Category c : facade().categories()) {
			if (!c.active()) {
				continue;
			}
			list.add(new Doc.Obj().put("service_code", c.code())
				.put("service_name", en ? c.nameEn() : c.nameZh())
				.put("description", en ? c.descriptionEn() : c.descriptionZh())
				.put("metadata", c.attributes() != null && !c.attributes().isEmpty())
				.put("type", "realtime")
				.put("keywords", keywords(c, en))
				.put("group", c.group()));
		}
		return ok(Doc.list("services", "service", list), f);
	}

	@GetMapping("/v2/services/{file}")
	ResponseEntity<byte[]> serviceDefinition(@PathVariable String file) {
		int dot = file.lastIndexOf('.');
		Format f = dot < 0 ? null : Format.of(file.substring(dot + 1));
		if (f == null) {
			throw Open311Exception.notFound("Unknown format: use .json or .xml");
		}
		String code = file.substring(0, dot);
		Category c = activeCategory(code).orElseThrow(() -> Open311Exception.notFound("Unknown service_code: " + code));
		boolean en = english();
		List<Doc.Obj> attributes = new ArrayList<>();
		for (Category.Attribute a : Attributes.ordered(c)) {
			List<Doc.Obj> values = new ArrayList<>();
			if (a.values() != null) {
				a.values().forEach(v -> values.add(new Doc.Obj().put("key", v.key()).put("name", v.name())));
			}
			String description = en ? a.descriptionEn() : a.descriptionZh();
			String datatype = Attributes.datatype(a);
			attributes.add(new Doc.Obj().put("variable", true)
				.put("code", a.code())
				.put("datatype", datatype)
				.put("required", a.required())
				.put("datatype_description", text("open311.datatype." + datatype))
				.put("order", a.order())
				.put("description", description)
				.put("values", new Doc.Items("value", values)));
		}
		Doc.Obj definition = new Doc.Obj().put("service_code", c.code()).put("attributes", new Doc.Items("attribute", attributes));
		return ok(Doc.object("service_definition", definition), f);
	}

	// ── requests ──────────────────────────────────────────────────────────────

	@PostMapping("/v2/requests.{format}")
	ResponseEntity<byte[]> create(@PathVariable String format, @RequestParam MultiValueMap<String, String> params,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		Format f = format(format);
		UUID key = keys.authenticate(params.getFirst("api_key"))
			.orElseThrow(() -> new Open311Exception(HttpStatus.FORBIDDEN, "A valid api_key is required"));
		WorkOrders facade = facade();
		NewRequest request = NewRequest.parse(params, code -> activeCategory(code), key, idempotencyKey);
		WorkOrderView order;
		try {
			order = facade.submit(request.toWorkOrder());
		}
		catch (IllegalArgumentException e) {
			throw Open311Exception.badRequest(e.getMessage() == null ? "Invalid request" : e.getMessage());
		}
		String notice = order.replyDueAt() == null ? text("open311.notice.received", order.number())
				: text("open311.notice.receivedDue", order.number(), Doc.datetime(order.replyDueAt()));
		Doc.Obj created = new Doc.Obj().put("service_request_id", order.number())
			.put("token", order.id().value().toString())
			.put("service_notice", notice)
			.put("account_id", null);
		return ok(Doc.list("service_requests", "request", List.of(created)), f);
	}

	@GetMapping("/v2/requests.{format}")
	ResponseEntity<byte[]> requests(@PathVariable String format,
			@RequestParam(name = "service_request_id", required = false) String ids,
			@RequestParam(name = "service_code", required = false) String serviceCode,
			@RequestParam(name = "start_date", required = false) String startDate,
			@RequestParam(name = "end_date", required = false) String endDate,
			@RequestParam(name = "status", required = false) String status) {
		Format f = format(format);
		WorkOrders facade = facade();
		Map<String, Category> categories = categoriesByCode(facade);
		List<Doc.Obj> out = new ArrayList<>();
		if (ids != null && !ids.isBlank()) {
			// per the spec, ids override every other filter
			Set<String> wanted = new LinkedHashSet<>();
			for (String id : ids.split(",")) {
				if (!id.isBlank()) {
					wanted.add(id.strip());
				}
			}
			if (wanted.size() > 100) {
				throw Open311Exception.badRequest("At most 100 service_request_id values at once");
			}
			for (String id : wanted) {
				findPublic(facade, id).ifPresent(o -> out.add(request(o, categories)));
			}
			return ok(Doc.list("service_requests", "request", out), f);
		}
		Range range = Range.of(startDate, endDate, MAX_RANGE);
		Boolean open = openFilter(status);
		if (serviceCode != null && !serviceCode.isBlank() && facade.category(serviceCode).isEmpty()) {
			throw Open311Exception.badRequest("Unknown service_code: " + serviceCode);
		}
		String code = serviceCode == null || serviceCode.isBlank() ? null : serviceCode;
		for (WorkOrderView o : facade.submittedBetween(range.from(), range.to(), code, open, MAX_RESULTS)) {
			if (isPublic(o)) {
				out.add(request(o, categories));
			}
		}
		return ok(Doc.list("service_requests", "request", out), f);
	}

	@GetMapping("/v2/requests/{file}")
	ResponseEntity<byte[]> request(@PathVariable String file) {
		int dot = file.lastIndexOf('.');
		Format f = dot < 0 ? null : Format.of(file.substring(dot + 1));
		if (f == null) {
			throw Open311Exception.notFound("Unknown format: use .json or .xml");
		}
		String id = file.substring(0, dot);
		WorkOrders facade = facade();
		WorkOrderView o = findPublic(facade, id)
			.orElseThrow(() -> Open311Exception.notFound("Unknown service_request_id: " + id));
		return ok(Doc.list("service_requests", "request", List.of(request(o, categoriesByCode(facade)))), f);
	}

	@GetMapping("/v2/tokens/{file}")
	ResponseEntity<byte[]> token(@PathVariable String file) {
		int dot = file.lastIndexOf('.');
		Format f = dot < 0 ? null : Format.of(file.substring(dot + 1));
		if (f == null) {
			throw Open311Exception.notFound("Unknown format: use .json or .xml");
		}
		String token = file.substring(0, dot);
		UUID id;
		try {
			id = UUID.fromString(token);
		}
		catch (IllegalArgumentException e) {
			throw Open311Exception.notFound("Unknown token: " + token);
		}
		WorkOrderView o = facade().find(new WorkOrderId(id))
			.filter(this::isPublic)
			.orElseThrow(() -> Open311Exception.notFound("Unknown token: " + token));
		Doc.Obj answer = new Doc.Obj().put("service_request_id", o.number()).put("token", token);
		return ok(Doc.list("service_requests", "request", List.of(answer)), f);
	}

	// ── mySociety: servicerequestupdates ──────────────────────────────────────

	@GetMapping("/v2/servicerequestupdates.{format}")
	ResponseEntity<byte[]> updates(@PathVariable String format,
			@RequestParam(name = "start_date", required = false) String startDate,
			@RequestParam(name = "end_date", required = false) String endDate) {
		Format f = format(format);
		Range range = Range.of(startDate, endDate, MAX_RANGE);
		WorkOrders facade = facade();
		Map<WorkOrderId, Boolean> published = new HashMap<>();
		List<Doc.Obj> out = new ArrayList<>();
		for (WorkOrderUpdate u : facade.updatesBetween(range.from(), range.to(), MAX_RESULTS)) {
			boolean visible = published.computeIfAbsent(u.workOrderId(),
					id -> facade.find(id).map(this::isPublic).orElse(false));
			if (!visible) {
				continue;
			}
			out.add(new Doc.Obj().put("update_id", String.valueOf(u.updateId()))
				.put("service_request_id", u.number())
				.put("status", StatusMapping.extended(u.state()))
				.put("updated_datetime", u.at())
				.put("description", u.publicText())
				.put("media_url", null)
				.put("extended_attributes", new Doc.Obj().put("status", StatusMapping.status(u.state()))));
		}
		return ok(Doc.list("service_request_updates", "request_update", out), f);
	}

	// ── anything else under /open311 ──────────────────────────────────────────

	@RequestMapping("/**")
	ResponseEntity<byte[]> unknown(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.matches("/open311/(discovery|v2/(services|requests|servicerequestupdates))\\.(json|xml)")
				|| path.matches("/open311/v2/(services|requests|tokens)/[^/]+\\.(json|xml)")) {
			throw new Open311Exception(HttpStatus.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not supported here");
		}
		throw Open311Exception.notFound("No such Open311 resource (the format extension .json or .xml is required)");
	}

	// ── helpers ───────────────────────────────────────────────────────────────

	private Doc.Obj request(WorkOrderView o, Map<String, Category> categories) {
		boolean en = english();
		Category c = categories.get(o.categoryCode());
		String serviceName = c == null ? o.categoryCode() : en ? c.nameEn() : c.nameZh();
		// anonymous orders: no free-text address nor territory node (it may be a house) and a
		// coarse location (about 100 m), so that the requester cannot be found through the report
		boolean anonymous = o.anonymous();
		return new Doc.Obj().put("service_request_id", o.number())
			.put("status", StatusMapping.status(o.state()))
			.put("status_notes", o.publicReply())
			.put("service_name", serviceName)
			.put("service_code", o.categoryCode())
			.put("description", o.description())
			.put("agency_responsible", o.responsibleUnit())
			.put("service_notice", null)
			.put("requested_datetime", o.submittedAt())
			.put("updated_datetime", o.updatedAt())
			.put("expected_datetime", o.state().isOpen() ? o.replyDueAt() : null)
			.put("address", anonymous ? null : o.address())
			.put("address_id", anonymous ? null : o.territoryCode())
			.put("zipcode", null)
			.put("lat", coordinate(o.lat(), anonymous))
			.put("long", coordinate(o.lng(), anonymous))
			.put("media_url", o.attributes().get(NewRequest.MEDIA_URL))
			.put("extended_attributes", new Doc.Obj().put("status", StatusMapping.extended(o.state()))
				.put("channel", o.channel() == null ? null : o.channel().name().toLowerCase(Locale.ROOT)));
	}

	private static Double coordinate(Double value, boolean coarse) {
		if (value == null || !coarse) {
			return value;
		}
		return Math.round(value * 1000d) / 1000d;
	}

	private Optional<WorkOrderView> findPublic(WorkOrders facade, String number) {
		if (number.length() > 64) {
			return Optional.empty();
		}
		return facade.findByNumber(number).filter(this::isPublic);
	}

	private boolean isPublic(WorkOrderView o) {
		return o.channel() != null && props.publicChannels().contains(o.channel());
	}

	private static Boolean openFilter(String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		Set<String> values = new LinkedHashSet<>();
		for (String s : status.split(",")) {
			String v = s.strip().toLowerCase(Locale.ROOT);
			if (!v.equals("open") && !v.equals("closed")) {
				throw Open311Exception.badRequest("status must be open or closed");
			}
			values.add(v);
		}
		return values.size() == 2 ? null : values.contains("open");
	}

	private Optional<Category> activeCategory(String code) {
		if (code == null || code.isBlank() || code.length() > 64) {
			return Optional.empty();
		}
		return facade().category(code).filter(Category::active);
	}

	private static Map<String, Category> categoriesByCode(WorkOrders facade) {
		Map<String, Category> map = new HashMap<>();
		facade.categories().forEach(c -> map.put(c.code(), c));
		return map;
	}

	private static String keywords(Category c, boolean en) {
		String name = en ? c.nameEn() : c.nameZh();
		return c.group() == null ? name : name + "," + c.group();
	}

	private WorkOrders facade() {
		WorkOrders facade = workOrders.getIfAvailable();
		if (facade == null) {
			throw new Open311Exception(HttpStatus.SERVICE_UNAVAILABLE, "Requests are not available on this server");
		}
		return facade;
	}

	private static Format format(String extension) {
		Format f = Format.of(extension);
		if (f == null) {
			throw Open311Exception.notFound("Unknown format: use .json or .xml");
		}
		return f;
	}

	private static boolean english() {
		return "en".equals(LocaleContextHolder.getLocale().getLanguage());
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, LocaleContextHolder.getLocale());
	}

	static ResponseEntity<byte[]> ok(Doc doc, Format format) {
		return ResponseEntity.ok().contentType(format.mediaType).body(doc.render(format));
	}
}
