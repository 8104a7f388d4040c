package org.civicloop.territory.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.ResponsiblePerson;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.territory.internal.TerritoryQueries;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The territory pages: a tree that starts at the caller's own nodes and opens lazily, a node
 * page, search and a CSV download. Visibility follows the API: administrative divisions down to
 * community/village are public to any signed-in user, everything below only inside the caller's
 * jurisdiction, and responsible people and exports only inside it.
 */
@Controller
@RequestMapping("/territory")
class TerritoryPages {

	static final int CHILDREN_PER_PAGE = 50;
	static final int SEARCH_PAGE_SIZE = 20;
	/** An expanded tree branch shows at most this many children and links to the node page for the rest. */
	static final int TREE_BRANCH_LIMIT = 100;

	private final Territories territories;
	private final TerritoryQueries queries;
	private final JurisdictionScope scope;
	private final JsonMapper json;

	TerritoryPages(Territories territories, TerritoryQueries queries, JurisdictionScope scope, JsonMapper json) {
		this.territories = territories;
		this.queries = queries;
		this.scope = scope;
		this.json = json;
	}

	/** A node in a list together with whether it has children the caller could open. */
	record TreeItem(TerritoryNode node, boolean expandable) {
	}

	/** The children shown under an open branch, at most {@link #TREE_BRANCH_LIMIT} of {@code total}. */
	record Branch(TerritoryNode parent, List<TreeItem> items, int total) {
		public boolean truncated() {
			return items.size() < total;
		}
	}

	/** One step of the breadcrumb; ancestors the caller may not see are shown without a name. */
	record Crumb(String code, String name, boolean visible) {
	}

	record MapPoint(double lat, double lng, String label, String href) {
	}

	@GetMapping
	String tree(Model model) {
		Jurisdiction j = scope.current();
		// the caller's own nodes are opened straight away: that is where they work
		List<Branch> roots = new ArrayList<>();
		j.roots()
			.stream()
			.sorted()
			.forEach(code -> territories.find(code).ifPresent(node -> roots.add(branch(node, j))));
		model.addAttribute("roots", roots);
		return "territory/tree";
	}

	/** The htmx fragment that fills a branch of the tree when it is opened. */
	@GetMapping("/{code}/children")
	String children(@PathVariable String code, Model model) {
		TerritoryNode node = visibleNode(code);
		Jurisdiction j = scope.current();
		model.addAttribute("branch", branch(node, j));
		return "territory/fragments :: branch";
	}

	@GetMapping("/{code}")
	String node(@PathVariable String code, @RequestParam(defaultValue = "0") int page, Model model) {
		TerritoryNode node = visibleNode(code);
		TerritoryCode c = node.territoryCode();
		Jurisdiction j = scope.current();
		boolean covered = j.covers(c);

		List<Crumb> crumbs = territories.ancestors(c)
			.stream()
			.map(a -> isVisible(a, j) ? new Crumb(a.code(), a.name(), true) : new Crumb(a.code(), null, false))
			.toList();

		List<TerritoryNode> children = visibleChildren(c, j);
		int pages = Math.max(1, (children.size() + CHILDREN_PER_PAGE - 1) / CHILDREN_PER_PAGE);
		int current = Math.min(Math.max(page, 0), pages - 1);
		List<TerritoryNode> pageItems = children.subList(current * CHILDREN_PER_PAGE,
				Math.min(children.size(), (current + 1) * CHILDREN_PER_PAGE));

		List<MapPoint> points = new ArrayList<>();
		if (node.hasLocation()) {
			points.add(new MapPoint(node.lat(), node.lng(), node.name(), null));
		}
		children.stream()
			.filter(TerritoryNode::hasLocation)
			.forEach(k -> points.add(new MapPoint(k.lat(), k.lng(), k.name(), "/territory/" + k.code())));

		Map<TerritoryLevel, Long> childLevels = new java.util.EnumMap<>(TerritoryLevel.class);
		children.forEach(k -> childLevels.merge(k.level(), 1L, Long::sum));

		List<ResponsiblePerson> people = covered ? territories.people(c) : List.of();

		model.addAttribute("node", node);
		model.addAttribute("crumbs", crumbs);
		model.addAttribute("covered", covered);
		model.addAttribute("people", people);
		model.addAttribute("children", pageItems);
		model.addAttribute("childrenTotal", children.size());
		model.addAttribute("page", current);
		model.addAttribute("pages", pages);
		model.addAttribute("childLevels", childLevels);
		model.addAttribute("subtreeCounts", queries.countsBelow(c, j));
		model.addAttribute("points", json.writeValueAsString(points));
		return "territory/node";
	}

	@GetMapping("/search")
	String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page, Model model) {
		String term = q.strip();
		model.addAttribute("q", term);
		if (term.length() > 100) {
			model.addAttribute("tooLong", true);
			return "territory/search";
		}
		if (!term.isEmpty()) {
			TerritoryQueries.Page<TerritoryNode> result = queries.search(term, scope.current(), Math.max(page, 0),
					SEARCH_PAGE_SIZE);
			model.addAttribute("result", result);
		}
		return "territory/search";
	}

	@GetMapping(value = "/{code}/export.csv")
	ResponseEntity<byte[]> export(@PathVariable String code) {
		TerritoryCode c = TerritoryCode.of(code);
		territories.get(c);
		scope.require(c);
		// a BOM so that spreadsheet programs on Windows open the Chinese names as UTF-8
		byte[] body = ("\uFEFF" + queries.exportCsv(c)).getBytes(StandardCharsets.UTF_8);
		return ResponseEntity.ok()
			.header("Content-Disposition", "attachment; filename=\"territory-" + c.value() + ".csv\"")
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.body(body);
	}

	private TerritoryNode visibleNode(String code) {
		TerritoryCode c = TerritoryCode.of(code);
		TerritoryNode node = territories.get(c);
		if (!isVisible(node, scope.current())) {
			throw new OutOfJurisdictionException(code);
		}
		return node;
	}

	private static boolean isVisible(TerritoryNode node, Jurisdiction j) {
		return node.level().isPublicDivision() || j.covers(node.territoryCode());
	}

	private List<TerritoryNode> visibleChildren(TerritoryCode code, Jurisdiction j) {
		return territories.children(code).stream().filter(k -> isVisible(k, j)).toList();
	}

	private Branch branch(TerritoryNode parent, Jurisdiction j) {
		List<TerritoryNode> kids = visibleChildren(parent.territoryCode(), j);
		List<TreeItem> items = kids.stream()
			.limit(TREE_BRANCH_LIMIT)
			.map(n -> new TreeItem(n, territories.children(n.territoryCode()).stream().anyMatch(k -> isVisible(k, j))))
			.toList();
		return new Branch(parent, items, kids.size());
	}
}
