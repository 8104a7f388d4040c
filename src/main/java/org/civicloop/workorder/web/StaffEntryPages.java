package org.civicloop.workorder.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.internal.WorkOrder;
import org.civicloop.workorder.internal.WorkOrderAccess;
import org.civicloop.workorder.internal.WorkOrderService;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff entry of hotline calls and visits (热线、来访登记): the caller is not an account, so the order
 * has no requester id and the caller's name and phone are kept for the handlers (and hidden from
 * them when the caller asks for anonymity). It goes through the same service as the API; the place
 * must lie in the staff member's jurisdiction, chosen from a list or by a point on the map.
 */
@Controller
class StaffEntryPages {

	/** Channels staff enter on someone's behalf (not the resident pages, the API or Open311). */
	static final Set<Channel> CHANNELS = EnumSet.of(Channel.HOTLINE, Channel.VISIT, Channel.GRID_PATROL,
			Channel.PUBLIC_REPORT, Channel.ENTERPRISE, Channel.SUPERVISION);
	private static final int MAX_PLACES = 300;

	private final WorkOrderService service;
	private final Territories territories;
	private final JurisdictionScope scope;
	private final MessageSource messages;

	StaffEntryPages(WorkOrderService service, Territories territories, JurisdictionScope scope, MessageSource messages) {
		this.service = service;
		this.territories = territories;
		this.scope = scope;
		this.messages = messages;
	}

	record Form(Channel channel, String callerName, String callerPhone, String categoryCode, String description,
			String territoryCode, String address, Double lat, Double lng, Priority priority, boolean anonymous,
			Map<String, String> answers) {
	}

	private Jurisdiction requireHandler() {
		Jurisdiction j = scope.current();
		if (!WorkOrderAccess.isHandler(j)) {
			throw new OutOfJurisdictionException("staff entry");
		}
		return j;
	}

	@GetMapping("/workbench/new")
	String form(Model model) {
		Jurisdiction j = requireHandler();
		model.addAttribute("form", new Form(Channel.HOTLINE, null, null, null, null, null, null, null, null, null, false,
				Map.of()));
		return page(model, j);
	}

	@PostMapping("/workbench/new")
	String submit(@RequestParam(required = false) Channel channel, @RequestParam(required = false) String callerName,
			@RequestParam(required = false) String callerPhone, @RequestParam(required = false) String categoryCode,
			@RequestParam(required = false) String description, @RequestParam(required = false) String territoryCode,
			@RequestParam(required = false) String address, @RequestParam(required = false) Double lat,
			@RequestParam(required = false) Double lng, @RequestParam(required = false) Priority priority,
			@RequestParam(defaultValue = "false") boolean anonymous, @RequestParam MultiValueMap<String, String> params,
			Model model, HttpServletResponse response, Locale locale) {
		Jurisdiction j = requireHandler();
		Category category = service.category(categoryCode).orElse(null);
		Map<String, String> answers = AttributeForm.answers(category, params);
		Form form = new Form(channel, callerName, callerPhone, categoryCode, description, territoryCode, address, lat, lng,
				priority, anonymous, answers);
		try {
			if (channel == null || !CHANNELS.contains(channel)) {
				throw new IllegalArgumentException(text("wo.entry.channelRequired", locale));
			}
			String missing = AttributeForm.firstMissing(category, answers, locale);
			if (missing != null) {
				throw new IllegalArgumentException(messages.getMessage("wo.new.attrRequired", new Object[] { missing }, locale));
			}
			String place = territoryCode == null || territoryCode.isBlank() ? null : territoryCode.strip();
			if (place == null && lat != null && lng != null && Double.isFinite(lat) && Double.isFinite(lng)) {
				// a point on the map: the nearest node with coordinates inside the jurisdiction
				place = service.nearestWithin(j.roots(), lat, lng).map(TerritoryCode::value).orElse(null);
			}
			if (place == null) {
				throw new IllegalArgumentException(text("wo.entry.placeRequired", locale));
			}
			if (!TerritoryCode.isValid(place) || !j.covers(place)) {
				throw new OutOfJurisdictionException(place);
			}
			WorkOrder o = service.submitOrder(new NewWorkOrder(categoryCode, description, place, lat, lng, address,
					channel, priority, anonymous, null, callerName, callerPhone, answers, null), j.username());
			return "redirect:/requests/" + o.id() + "?created";
		}
		catch (IllegalArgumentException e) {
			response.setStatus(400);
			model.addAttribute("error", e.getMessage());
			model.addAttribute("form", form);
			return page(model, j);
		}
	}

	private String text(String key, Locale locale) {
		return messages.getMessage(key, null, key, locale);
	}

	private String page(Model model, Jurisdiction j) {
		model.addAttribute("categories", service.categories().stream().filter(Category::active).toList());
		model.addAttribute("channels", CHANNELS);
		model.addAttribute("priorities", Priority.values());
		model.addAttribute("places", places(j));
		return "workorder/entry";
	}

	/** The jurisdiction's nodes, breadth first (the upper levels first), at most 300 for a phone's select. */
	private List<TerritoryNode> places(Jurisdiction j) {
		List<TerritoryNode> out = new ArrayList<>();
		ArrayDeque<TerritoryCode> todo = new ArrayDeque<>(j.roots().stream().sorted(Comparator.comparing(TerritoryCode::value)).toList());
		while (!todo.isEmpty() && out.size() < MAX_PLACES) {
			TerritoryCode c = todo.poll();
			territories.find(c).ifPresent(out::add);
			territories.children(c).forEach(n -> todo.add(n.territoryCode()));
		}
		return out;
	}
}
