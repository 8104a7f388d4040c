package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.civicloop.workorder.sla.WorkingCalendars;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Categories with their time limits, and routing rules category × territory → responsible unit.
 * Lists and single entries are read from the database on each call. The intake, every channel's
 * hot path, reads from a copy of all categories with their rules ({@link #intake}) that is read
 * again after {@code civicloop.workorder.catalogue-refresh} (10 s), the way the working calendar
 * is kept: the tables change by hand (SQL, a migration), rarely, and a change reaches the intake of
 * every instance within that time without a restart. A code the copy does not know is looked up in
 * the database at once, so a category added a moment ago can be filed under straight away.
 */
@Component
public class Catalogue {

	/** A category with what the intake and the SLA clocks need beyond the public record. */
	public record Entry(Category category, Priority defaultPriority, int acceptUrgentMinutes, int acceptGeneralHours,
			int replyWorkingDays) {
	}

	/** Where routing sent an order and why. */
	public record Route(String unit, String note) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;
	private final Territories territories;
	private final WorkingCalendars calendars;

	private final Duration refresh;
	private volatile Snapshot snapshot;

	private record Snapshot(Map<String, CategoryRules> byCode, long readAtNanos) {
	}

	Catalogue(JdbcClient jdbc, Territories territories, WorkingCalendars calendars,
			@Value("${civicloop.workorder.catalogue-refresh:10s}") Duration refresh) {
		this.jdbc = jdbc;
		this.territories = territories;
		this.calendars = calendars;
		this.refresh = refresh;
	}

	public List<Entry> entries() {
		return jdbc.sql("SELECT * FROM workorder_category ORDER BY sort_order, code").query((rs, n) -> entry(rs)).list();
	}

	private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
		List<Category.Attribute> attrs = JSON.readValue(rs.getString("attributes"), new TypeReference<List<Category.Attribute>>() {
		});
		Category c = new Category(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"),
				rs.getString("description_zh"), rs.getString("description_en"), rs.getString("group_name"),
				rs.getBoolean("active"), attrs);
		return new Entry(c, Priority.valueOf(rs.getString("default_priority")), rs.getInt("accept_urgent_minutes"),
				rs.getInt("accept_general_hours"), rs.getInt("reply_working_days"));
	}

	/** One category (read by its key: the other categories' questions are not parsed). */
	public Optional<Entry> entry(String code) {
		return code == null ? Optional.empty()
				: jdbc.sql("SELECT * FROM workorder_category WHERE code = :c").param("c", code).query((rs, n) -> entry(rs)).optional();
	}

	/** A category's routing rule: the unit responsible in a territory's subtree. */
	public record Rule(String territory, String unit) {
	}

	/** A category with its routing rules, for the intake: one statement instead of two. */
	public record CategoryRules(Entry entry, List<Rule> rules) {
	}

	/**
	 * A category with its rules, from the copy read at most {@code catalogue-refresh} ago; a code
	 * the copy lacks sends the intake to the database (and refreshes the copy) before it is refused.
	 */
	public Optional<CategoryRules> categoryRules(String code) {
		if (code == null) {
			return Optional.empty();
		}
		Snapshot s = snapshot;
		long now = System.nanoTime();
		if (s == null || now - s.readAtNanos() >= refresh.toNanos() || !s.byCode().containsKey(code)) {
			s = readAll(now);
			snapshot = s;
		}
		return Optional.ofNullable(s.byCode().get(code));
	}

	/** Every category with its rules (in rule order), in one round trip. */
	private Snapshot readAll(long now) {
		List<CategoryRules> all = jdbc.sql("""
				SELECT c.*,
				  ARRAY(SELECT r.territory_code FROM workorder_routing_rule r WHERE r.category_code = c.code ORDER BY r.id) AS rule_territories,
				  ARRAY(SELECT r.unit FROM workorder_routing_rule r WHERE r.category_code = c.code ORDER BY r.id) AS rule_units
				FROM workorder_category c""").query((rs, n) -> {
			String[] t = (String[]) rs.getArray("rule_territories").getArray();
			String[] u = (String[]) rs.getArray("rule_units").getArray();
			List<Rule> rules = new ArrayList<>(t.length);
			for (int i = 0; i < t.length; i++) {
				rules.add(new Rule(t[i], u[i]));
			}
			return new CategoryRules(entry(rs), List.copyOf(rules));
		}).list();
		return new Snapshot(all.stream().collect(Collectors.toUnmodifiableMap(i -> i.entry().category().code(), i -> i)), now);
	}

	public List<Category> categories() {
		return entries().stream().map(Entry::category).toList();
	}

	/**
	 * The deepest rule whose territory contains the order's place wins; without one the order goes
	 * to the street/town (or, above that level, the district) the place belongs to.
	 */
	public Route route(String categoryCode, TerritoryCode place) {
		List<Rule> rules = jdbc.sql("SELECT territory_code, unit FROM workorder_routing_rule WHERE category_code = :c")
			.param("c", categoryCode)
			.query((rs, n) -> new Rule(rs.getString(1), rs.getString(2)))
			.list();
		return route(categoryCode, place, rules);
	}

	/** As {@link #route(String, TerritoryCode)} with the category's rules already read. */
	public Route route(String categoryCode, TerritoryCode place, List<Rule> rules) {
		Optional<Rule> best = rules.stream()
			.filter(r -> TerritoryCode.isValid(r.territory()) && place.isWithin(TerritoryCode.of(r.territory())))
			.max(Comparator.comparingInt(r -> TerritoryCode.of(r.territory()).scopePrefix().length()));
		if (best.isPresent()) {
			return new Route(best.get().unit(), "rule " + categoryCode + " @ " + best.get().territory());
		}
		List<TerritoryNode> chain = new ArrayList<>(territories.ancestors(place));
		territories.find(place).ifPresent(chain::add);
		for (TerritoryLevel level : List.of(TerritoryLevel.STREET, TerritoryLevel.DISTRICT, TerritoryLevel.CITY)) {
			for (TerritoryNode n : chain) {
				if (n.level() == level) {
					return new Route(n.name(), "fallback to " + level.name().toLowerCase() + " " + n.code());
				}
			}
		}
		return new Route(place.value(), "fallback to the place itself");
	}

	/** 签收 deadline: urgent in working minutes; general in hours, whole days counted as working days. */
	public Instant acceptDue(Entry e, Priority p, Instant from) {
		WorkingCalendar cal = calendars.current();
		if (p == Priority.URGENT) {
			return cal.addWorkingTime(from, Duration.ofMinutes(e.acceptUrgentMinutes()));
		}
		int h = e.acceptGeneralHours();
		return h % 24 == 0 ? cal.addWorkingDays(from, h / 24) : cal.addWorkingTime(from, Duration.ofHours(h));
	}

	/** Reply deadline in working days; urgent orders get at most two. */
	public Instant replyDue(Entry e, Priority p, Instant from) {
		int days = p == Priority.URGENT ? Math.min(2, e.replyWorkingDays()) : e.replyWorkingDays();
		return calendars.current().addWorkingDays(from, days);
	}

	/** Places an order given only coordinates: the nearest public division, walking down from the city. */
	public Optional<TerritoryCode> placeByLocation(double lat, double lng) {
		TerritoryCode at = TerritoryCode.of("330100");
		if (!territories.exists(at)) {
			return Optional.empty();
		}
		double nearestMeters = Double.MAX_VALUE;
		while (true) {
			Optional<TerritoryNode> next = territories.children(at)
				.stream()
				.filter(n -> n.hasLocation() && n.level().isPublicDivision())
				.min(Comparator.comparingDouble(n -> Geo.meters(lat, lng, n.lat(), n.lng())));
			if (next.isEmpty()) {
				// nodes carry a centre, not a boundary: a point farther than any district's reach from
				// the nearest centre found is not in the city (lat 0/lng 0 would otherwise land in 淳安)
				return nearestMeters <= MAX_METERS_FROM_NEAREST_CENTRE ? Optional.of(at) : Optional.empty();
			}
			nearestMeters = Geo.meters(lat, lng, next.get().lat(), next.get().lng());
			at = next.get().territoryCode();
		}
	}

	/** Hangzhou's largest county-level unit (淳安, about 4,400 km²) fits within this radius of its centre. */
	static final double MAX_METERS_FROM_NEAREST_CENTRE = 60_000;

	/**
	 * The node with coordinates nearest to a point among the given subtrees (a caller's
	 * jurisdiction), or empty when none has coordinates. The search visits at most 5,000 nodes, so a
	 * city-wide administrator gets the nearest among the upper levels rather than a full scan.
	 */
	public Optional<TerritoryCode> nearestWithin(java.util.Collection<TerritoryCode> roots, double lat, double lng) {
		java.util.ArrayDeque<TerritoryCode> todo = new java.util.ArrayDeque<>(roots);
		TerritoryCode best = null;
		double bestMeters = Double.MAX_VALUE;
		int visited = 0;
		while (!todo.isEmpty() && visited < 5_000) {
			TerritoryCode code = todo.poll();
			visited++;
			Optional<TerritoryNode> node = territories.find(code);
			if (node.isEmpty()) {
				continue;
			}
			if (node.get().hasLocation()) {
				double m = Geo.meters(lat, lng, node.get().lat(), node.get().lng());
				if (m < bestMeters) {
					bestMeters = m;
					best = code;
				}
			}
			territories.children(code).forEach(c -> todo.add(c.territoryCode()));
		}
		return Optional.ofNullable(best);
	}
}
