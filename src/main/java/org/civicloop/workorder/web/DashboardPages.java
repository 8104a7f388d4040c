package org.civicloop.workorder.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.internal.DashboardQueries;
import org.civicloop.workorder.internal.Indicators;
import org.civicloop.workorder.internal.WorkOrderAccess;
import org.civicloop.workorder.internal.WorkOrderService;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leader dashboard (三率 for a period and a node of the viewer's jurisdiction, the node's children,
 * trend, top categories, hotspot map) and the order list behind each of its counts.
 */
@Controller
class DashboardPages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int TOP_CATEGORIES = 10;

	private final Indicators indicators;
	private final DashboardQueries queries;
	private final WorkOrderService service;
	private final Territories territories;
	private final JurisdictionScope scope;
	private final MessageSource messages;

	DashboardPages(Indicators indicators, DashboardQueries queries, WorkOrderService service, Territories territories,
			JurisdictionScope scope, MessageSource messages) {
		this.indicators = indicators;
		this.queries = queries;
		this.service = service;
		this.territories = territories;
		this.scope = scope;
		this.messages = messages;
	}

	/** One line of the children table; {@code node} false for orders filed on the node itself. */
	record Area(String code, String name, boolean node, Indicators.Rates rates) {
	}

	record Crumb(String code, String name) {
	}

	@GetMapping("/dashboard")
	String dashboard(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String territory, Model model,
			HttpServletResponse response, Locale locale) {
		Jurisdiction j = requireStaff();
		TerritoryCode node = node(j, territory);
		LocalDate today = LocalDate.now(WorkingCalendar.ZONE);
		DashboardPeriod p;
		try {
			p = DashboardPeriod.of(period, from, to, today);
		}
		catch (DashboardPeriod.Invalid e) {
			// the form says what is wrong and the page still shows the default period
			response.setStatus(400);
			model.addAttribute("error", messages.getMessage(e.key, null, locale));
			p = DashboardPeriod.of(DashboardPeriod.DEFAULT, null, null, today);
			model.addAttribute("formPeriod", "custom");
			model.addAttribute("formFrom", from);
			model.addAttribute("formTo", to);
		}
		if (!model.containsAttribute("formPeriod")) {
			model.addAttribute("formPeriod", p.name());
			model.addAttribute("formFrom", p.from().toString());
			model.addAttribute("formTo", p.to().toString());
		}
		String within = node == null ? null : node.value();
		Map<String, Category> categories = categoryNames();
		model.addAttribute("period", p);
		model.addAttribute("periods", DashboardPeriod.NAMES);
		model.addAttribute("territory", within);
		model.addAttribute("nodeName", node == null ? null : name(node));
		model.addAttribute("crumbs", crumbs(j, node));
		model.addAttribute("total", indicators.total(p.from(), p.to(), within));
		model.addAttribute("areas", areas(j, node, indicators.rates(p.from(), p.to(), "territory", within)));
		model.addAttribute("byUnit", indicators.rates(p.from(), p.to(), "unit", within));
		model.addAttribute("byCategory", indicators.rates(p.from(), p.to(), "category", within)
			.stream()
			.sorted(Comparator.comparingLong(Indicators.Rates::received).reversed().thenComparing(Indicators.Rates::key))
			.limit(TOP_CATEGORIES)
			.toList());
		List<Map<String, Object>> trend = new ArrayList<>();
		for (Indicators.Rates r : indicators.rates(p.from(), p.to(), "day", within)) {
			Map<String, Object> point = new HashMap<>();
			point.put("day", r.key());
			point.put("response", r.responseRate());
			point.put("resolution", r.resolutionRate());
			point.put("satisfaction", r.satisfactionRate());
			point.put("received", r.received());
			// a click on the point opens the list of that day's (or month's) orders
			point.put("href", drillHref(r.key(), within));
			trend.add(point);
		}
		model.addAttribute("trend", JSON.writeValueAsString(trend));
		List<DashboardQueries.Point> points = queries.points(p.from(), p.to(), within);
		List<Map<String, Object>> mapPoints = new ArrayList<>();
		for (DashboardQueries.Point pt : points) {
			Category c = categories.get(pt.categoryCode());
			String cat = c == null ? pt.categoryCode() : "en".equals(locale.getLanguage()) ? c.nameEn() : c.nameZh();
			mapPoints.add(Map.of("lat", pt.lat(), "lng", pt.lng(), "label", pt.number() + " " + cat, "href",
					"/requests/" + pt.id()));
		}
		model.addAttribute("points", JSON.writeValueAsString(mapPoints));
		model.addAttribute("pointCount", points.size());
		model.addAttribute("maxPoints", DashboardQueries.MAX_POINTS);
		model.addAttribute("categories", categories);
		return "workorder/dashboard";
	}

	@GetMapping("/dashboard/orders")
	String orders(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String territory, @RequestParam(required = false) String category,
			@RequestParam(required = false) String unit, @RequestParam(defaultValue = "received") String measure,
			@RequestParam(required = false) String exact, @RequestParam(defaultValue = "0") int page, Model model) {
		Jurisdiction j = requireStaff();
		TerritoryCode node = node(j, territory);
		DashboardPeriod p;
		try {
			p = DashboardPeriod.custom(from, to);
		}
		catch (DashboardPeriod.Invalid e) {
			throw new IllegalArgumentException(e.key);
		}
		if (!DashboardQueries.MEASURES.containsKey(measure)) {
			throw new IllegalArgumentException("measure");
		}
		String within = node == null ? null : node.value();
		// "this level" is only meaningful for a node
		boolean onlyNode = within != null && "true".equals(exact);
		model.addAttribute("page", queries.list(new DashboardQueries.Drill(p.from(), p.to(), within, blank(category),
				blank(unit), measure, onlyNode), Math.max(0, page), 50));
		model.addAttribute("exact", onlyNode);
		model.addAttribute("period", p);
		model.addAttribute("territory", within);
		model.addAttribute("nodeName", node == null ? null : name(node));
		model.addAttribute("category", blank(category));
		model.addAttribute("unit", blank(unit));
		model.addAttribute("measure", measure);
		model.addAttribute("categories", categoryNames());
		return "workorder/dashboard-orders";
	}

	private Jurisdiction requireStaff() {
		Jurisdiction j = scope.current();
		if (!WorkOrderAccess.isStaff(j)) {
			throw new OutOfJurisdictionException("dashboard");
		}
		return j;
	}

	/** The node looked at: the one asked for (inside the jurisdiction), else the viewer's single root. */
	private TerritoryCode node(Jurisdiction j, String territory) {
		if (territory != null && !territory.isBlank()) {
			if (!TerritoryCode.isValid(territory.strip())) {
				throw new IllegalArgumentException("territory");
			}
			TerritoryCode code = TerritoryCode.of(territory.strip());
			scope.require(code);
			return code;
		}
		List<TerritoryCode> roots = j.roots().stream().sorted().toList();
		return roots.size() == 1 ? roots.get(0) : null;
	}

	private String name(TerritoryCode code) {
		return territories.find(code).map(TerritoryNode::name).orElse(code.value());
	}

	/** From the viewer's root (or "all" for several roots) down to the node; nothing above the jurisdiction. */
	private List<Crumb> crumbs(Jurisdiction j, TerritoryCode node) {
		List<Crumb> out = new ArrayList<>();
		if (j.roots().size() > 1) {
			out.add(new Crumb(null, null));
		}
		if (node != null) {
			territories.ancestors(node)
				.stream()
				.filter(a -> j.covers(a.territoryCode()))
				.forEach(a -> out.add(new Crumb(a.code(), a.name())));
			out.add(new Crumb(node.value(), name(node)));
		}
		return out;
	}

	/** Every child of the node (zeros when it received nothing), then orders filed on the node itself. */
	private List<Area> areas(Jurisdiction j, TerritoryCode node, List<Indicators.Rates> rows) {
		Map<String, Indicators.Rates> byKey = new LinkedHashMap<>();
		rows.forEach(r -> byKey.put(r.key(), r));
		List<TerritoryNode> children = node != null ? territories.children(node)
				: j.roots().stream().sorted().map(r -> territories.find(r).orElse(null)).filter(n -> n != null).toList();
		List<Area> out = new ArrayList<>();
		for (TerritoryNode c : children) {
			Indicators.Rates r = byKey.remove(c.code());
			out.add(new Area(c.code(), c.name(), true, r != null ? r : new Indicators.Rates(c.code(), 0, 0, 0, 0, 0, 0, 0)));
		}
		byKey.values().forEach(r -> out.add(new Area(r.key(), null, false, r)));
		return out;
	}

	/** The drill-down of one trend point: a day ({@code yyyy-MM-dd}) or a month ({@code yyyy-MM}). */
	static String drillHref(String key, String within) {
		LocalDate from;
		LocalDate to;
		try {
			if (key.length() == 7) {
				from = LocalDate.parse(key + "-01");
				to = from.plusMonths(1);
			}
			else {
				from = LocalDate.parse(key);
				to = from.plusDays(1);
			}
		}
		catch (java.time.format.DateTimeParseException e) {
			return null;
		}
		return org.springframework.web.util.UriComponentsBuilder.fromPath("/dashboard/orders")
			.queryParam("from", from)
			.queryParam("to", to)
			.queryParamIfPresent("territory", java.util.Optional.ofNullable(within))
			.queryParam("measure", "received")
			.build()
			.toUriString();
	}

	private static String blank(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	private Map<String, Category> categoryNames() {
		Map<String, Category> m = new HashMap<>();
		service.categories().forEach(c -> m.put(c.code(), c));
		return m;
	}
}
