package org.civicloop.workorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderClosed;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderProgressed;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.WorkOrderStateChanged;
import org.civicloop.workorder.WorkOrderSubmitted;
import org.civicloop.workorder.WorkOrderUpdate;
import org.civicloop.workorder.WorkOrderView;
import org.civicloop.workorder.WorkOrders;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.civicloop.workorder.sla.WorkingCalendars;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The work-order application service: the facade other modules use ({@link WorkOrders}) and
 * the commands staff and requesters issue. Every command runs in one transaction that saves the
 * aggregate (optimistic lock), writes its timeline rows, records each step in the audit log and
 * publishes the events, so that either all of it happens or none.
 */
@Service
@Transactional
public class WorkOrderService implements WorkOrders {

	public static final int MAX_DESCRIPTION = 2000;
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(WorkingCalendar.ZONE);
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WorkOrderRepository orders;
	private final Catalogue catalogue;
	private final Territories territories;
	private final JurisdictionScope scope;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final JdbcClient jdbc;
	private final NamedParameterJdbcTemplate named;
	private final WorkingCalendars calendars;
	private final WorkOrderQueries queries;
	private final NewOrderNotices newOrderNotices;
	private final OpenOrderIndex openOrders;
	/** Order numbers handed out from the block taken last from the sequence: [nextNumber, numberLimit). */
	private long nextNumber;
	private long numberLimit;
	/**
	 * {@link #INSERT_NEW} with each of the audit module's texts (a few), ended by {@code COMMIT} or
	 * by {@link #ROLLUP_INSERTS_DONE}: built once each, so that a batch neither builds nor hashes a
	 * new text of its own (the drivers' caches key on it).
	 */
	private final Map<String, String> committing = new ConcurrentHashMap<>();
	private final Map<String, String> inCallers = new ConcurrentHashMap<>();

	WorkOrderService(WorkOrderRepository orders, Catalogue catalogue, Territories territories, JurisdictionScope scope,
			AuditLog audit, ApplicationEventPublisher events, JdbcClient jdbc, NamedParameterJdbcTemplate named,
			WorkingCalendars calendars, WorkOrderQueries queries, NewOrderNotices newOrderNotices,
			OpenOrderIndex openOrders) {
		this.orders = orders;
		this.catalogue = catalogue;
		this.territories = territories;
		this.scope = scope;
		this.audit = audit;
		this.events = events;
		this.jdbc = jdbc;
		this.named = named;
		this.calendars = calendars;
		this.queries = queries;
		this.newOrderNotices = newOrderNotices;
		this.openOrders = openOrders;
	}

	// ── facade ───────────────────────────────────────────────────────────────────────────

	@Override
	@Transactional(readOnly = true)
	public List<Category> categories() {
		return catalogue.categories();
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Category> category(String code) {
		return catalogue.entry(code).map(Catalogue.Entry::category);
	}

	@Override
	public WorkOrderView submit(NewWorkOrder request) {
		return view(submitOrder(request, actorName(request.channel())));
	}

	/** Files a request and returns the aggregate (for the web layer, which needs more than the view). */
	public WorkOrder submitOrder(NewWorkOrder r, String actor) {
		return submitOrder(r, actor, false);
	}

	/**
	 * As {@link #submitOrder(NewWorkOrder, String)}; for staff entry ({@code staffEntry}) the caller
	 * must also cover the node the order is placed on, however it was placed (by its territory code
	 * or by its coordinates alone), or nothing is filed ({@link OutOfJurisdictionException}).
	 */
	public WorkOrder submitOrder(NewWorkOrder r, String actor, boolean staffEntry) {
		Prepared p = prepare(r, actor, staffEntry);
		if (p.earlier() != null) {
			return p.earlier();
		}
		write(List.of(p));
		return p.order();
	}

	/**
	 * An order checked, placed, routed, numbered and given its SLA clocks, not yet stored:
	 * {@link #write} stores it. {@code earlier} is the order a retry with the same Idempotency-Key
	 * filed already (then there is nothing to write).
	 */
	public static final class Prepared {

		private final WorkOrder order;
		private final List<WorkOrder.Step> steps;
		private final WorkOrder earlier;
		/** The open orders around it that the index proposed when it was prepared; null when it suggests none. */
		private final List<OpenOrderGrid.Hit> proposed;
		/** Set by {@link #write}: read by the caller after its write has completed (GroupCommit's future orders it). */
		private volatile List<WorkOrderQueries.Nearby> nearby;

		Prepared(WorkOrder order, List<WorkOrder.Step> steps, WorkOrder earlier, List<OpenOrderGrid.Hit> proposed) {
			this.order = order;
			this.steps = steps;
			this.earlier = earlier;
			this.proposed = proposed;
		}

		public WorkOrder order() {
			return order;
		}

		public List<WorkOrder.Step> steps() {
			return steps;
		}

		public WorkOrder earlier() {
			return earlier;
		}

		/**
		 * The open orders of the same category within the radius given to {@link #prepare} of this one,
		 * nearest first: proposed by the {@link OpenOrderIndex} when it was prepared (the index learns of
		 * an order when it commits, so orders filed at the same moment do not see each other) and read
		 * back by the statement that stored it, which keeps those still open; null until then, when no
		 * radius was given or the order has no coordinates, and for an earlier order returned to a
		 * retry (nothing was stored).
		 */
		public List<WorkOrderQueries.Nearby> nearby() {
			return nearby;
		}
	}

	/**
	 * Everything of the intake that reads but writes nothing: the checks, placement, routing,
	 * number and clocks. Each failure is an {@link IllegalArgumentException} (or
	 * {@link OutOfJurisdictionException} for staff entry outside the caller's jurisdiction). With
	 * an Idempotency-Key it must run in the transaction that writes the order (the key's lock and
	 * lookup), as {@link #submitOrder} does.
	 */
	public Prepared prepare(NewWorkOrder r, String actor, boolean staffEntry) {
		return prepare(r, actor, staffEntry, 0);
	}

	/**
	 * As {@link #prepare(NewWorkOrder, String, boolean)}; {@link #write} will also find the open
	 * orders of the same category within {@code suggestWithin} meters ({@link Prepared#nearby()}),
	 * in the statement that stores the order rather than in a query of its own.
	 */
	@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
	public Prepared prepare(NewWorkOrder r, String actor, boolean staffEntry, double suggestWithin) {
		if (r == null) {
			throw new IllegalArgumentException("request body is required");
		}
		String key = r.idempotencyKey();
		if (key != null) {
			if (key.isBlank() || key.length() > 200) {
				throw new IllegalArgumentException("Idempotency-Key: 1–200 characters");
			}
			// serialises retries with the same key: the second waits for the first and then finds it
			jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:k))").param("k", key).query().singleValue();
			Optional<WorkOrder> earlier = orders.findByIdempotencyKey(key);
			if (earlier.isPresent()) {
				return new Prepared(earlier.get(), List.of(), earlier.get(), null);
			}
		}
		Catalogue.CategoryRules category = catalogue.categoryRules(r.categoryCode())
			.filter(i -> i.entry().category().active())
			.orElseThrow(() -> new IllegalArgumentException("Unknown category: " + clip(r.categoryCode())));
		Catalogue.Entry entry = category.entry();
		String description = r.description() == null ? "" : r.description().strip();
		if (description.isEmpty()) {
			throw new IllegalArgumentException("description is required");
		}
		if (description.length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters");
		}
		if ((r.lat() == null) != (r.lng() == null)) {
			throw new IllegalArgumentException("lat and lng go together");
		}
		if (r.lat() != null && (!Double.isFinite(r.lat()) || !Double.isFinite(r.lng()) || Math.abs(r.lat()) > 90
				|| Math.abs(r.lng()) > 180)) {
			throw new IllegalArgumentException("coordinates out of range");
		}
		TerritoryCode place;
		if (r.territoryCode() != null && !r.territoryCode().isBlank()) {
			if (!TerritoryCode.isValid(r.territoryCode())) {
				throw new IllegalArgumentException("Not a territory code: " + clip(r.territoryCode()));
			}
			place = TerritoryCode.of(r.territoryCode());
			if (!territories.exists(place)) {
				throw new IllegalArgumentException("Unknown territory: " + place);
			}
		}
		else if (r.lat() != null) {
			place = catalogue.placeByLocation(r.lat(), r.lng())
				.orElseThrow(() -> new IllegalArgumentException("The location is outside the territory"));
		}
		else {
			throw new IllegalArgumentException("territoryCode or lat/lng is required");
		}
		if (staffEntry && !scope.current().covers(place)) {
			throw new OutOfJurisdictionException(place.value());
		}
		String address = optional(r.address(), "address", 300);
		String name = optional(r.requesterName(), "requesterName", 100);
		String contact = optional(r.requesterContact(), "requesterContact", 100);
		String attributes = attributes(entry.category(), r.attributes());
		Channel channel = r.channel() == null ? Channel.API : r.channel();
		Priority priority = r.priority() == null ? entry.defaultPriority() : r.priority();

		Instant now = Instant.now();
		long seq = nextNumber();
		String number = "HZ" + DAY.format(now) + "-" + sixDigits(seq % 1_000_000);
		Catalogue.Route route = catalogue.route(entry.category().code(), place, category.rules());
		WorkOrder o = WorkOrder.submit(new WorkOrder.Submission(number, entry.category().code(), description, place.value(),
				r.lat(), r.lng(), address, channel, priority, r.anonymous(), r.requesterId(), name, contact, attributes,
				key), route.unit(), route.note(), catalogue.acceptDue(entry, priority, now),
				catalogue.replyDue(entry, priority, now), actor, now);
		// the search runs here, in the request's own thread, rather than in the writer's batch: the
		// writers are few and every order of a batch waits for them
		List<OpenOrderGrid.Hit> proposed = suggestWithin > 0 && o.lat() != null
				? openOrders.nearest(o.categoryCode(), o.lat(), o.lng(), suggestWithin, WorkOrderQueries.NEARBY_LIMIT, o.id())
				: null;
		return new Prepared(o, o.drainSteps(), null, proposed);
	}

	/**
	 * Stores prepared orders in the caller's transaction, or in one of its own: the orders, their
	 * timeline rows and their audit entries in one execution, and each one's
	 * {@link WorkOrderSubmitted}; their new-order notices follow the commit ({@link NewOrderNotices}).
	 */
	public void write(List<Prepared> prepared) {
		store(prepared, false);
	}

	/**
	 * As {@link #write}, in a transaction of its own that the execution itself ends with its
	 * {@code COMMIT}: the orders, their timelines, their audit entries and the commit then cost one
	 * round trip instead of three. For {@link GroupCommit}, whose one writer every order of a batch
	 * waits for. Spring still runs the transaction (its synchronizations, the event registry's rows
	 * written before the statement): when it commits, the driver finds the transaction ended and
	 * sends nothing; a failed statement leaves it aborted, and Spring's rollback ends it.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void writeCommitting(List<Prepared> prepared) {
		store(prepared, true);
	}

	private void store(List<Prepared> prepared, boolean commit) {
		List<Prepared> fresh = prepared.stream().filter(p -> p.earlier() == null).toList();
		if (fresh.isEmpty()) {
			return;
		}
		List<AuditRecord> entries = new ArrayList<>(fresh.size());
		for (Prepared p : fresh) {
			entries.addAll(auditRecords(p.order(), p.steps()));
		}
		AuditLog.Insertion audited = audit.insertion(entries);
		// The staff's notices are queued for after the commit, not published as WorkOrderSubmitted
		// to a listener: the intake (every channel's hot path) saves the event registry's row, its
		// two updates and the listener's transaction, which were half of its database work, and a
		// burst of orders shares one statement for its notices (NewOrderNotices).
		List<WorkOrder> filed = fresh.stream().map(Prepared::order).toList();
		newOrderNotices.afterCommit(filed);
		openOrders.afterCommit(filed);
		// Published before the statement: when it commits, a publication row written after it (an
		// event with a module listener) would be committed apart from the orders. Listeners run
		// after the commit in any case.
		for (Prepared p : fresh) {
			WorkOrder o = p.order();
			publishStepEvents(o, p.steps());
			events.publishEvent(new WorkOrderSubmitted(new WorkOrderId(o.id()), o.number(), o.categoryCode(),
					o.territoryCode(), o.channel(), o.submittedAt()));
		}
		insertNew(fresh, audited, commit);
	}

	/**
	 * Order numbers come from the sequence in blocks of {@link #NUMBER_BLOCK} (its increment, V81):
	 * one round trip per block instead of one per order. They stay unique; across instances and
	 * restarts they are not in submission order, and a restart skips the rest of its block, as a
	 * rolled-back transaction always skipped its number.
	 */
	private synchronized long nextNumber() {
		if (nextNumber >= numberLimit) {
			nextNumber = jdbc.sql("SELECT nextval('workorder_number_seq')").query(Long.class).single();
			numberLimit = nextNumber + NUMBER_BLOCK;
		}
		return nextNumber++;
	}

	static final int NUMBER_BLOCK = 100;

	/**
	 * Stores new orders and their timeline rows in one statement, whatever their number. The intake
	 * is the hot path of the API (every channel, patrol apps in bulk): Spring Data JDBC's generic
	 * insert (SQL generation, parameter conversion by reflection over 40 properties) cost about a
	 * fifth of a request's CPU, and each timeline row was a round trip of its own. Every column goes
	 * as one array (text, cast in SQL: one parameter type for all of them). Later changes still go
	 * through {@code orders.save} (version check); {@link WorkOrder#inserted()} gives the version it
	 * expects.
	 */
	private void insertNew(List<Prepared> prepared, AuditLog.Insertion audited, boolean commit) {
		int n = prepared.size();
		String[][] col = new String[ORDER_COLUMNS][n];
		List<String[]> upd = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			WorkOrder o = prepared.get(k).order();
			String[] v = { o.id().toString(), o.number(), o.categoryCode(), o.description(), o.territoryCode(),
					o.lat() == null ? null : Double.toString(o.lat()), o.lng() == null ? null : Double.toString(o.lng()),
					o.address(), o.channel().name(), o.priority().name(), o.state().name(), Boolean.toString(o.anonymous()),
					o.requesterId() == null ? null : o.requesterId().toString(), o.requesterName(), o.requesterContact(),
					o.attributes(), o.idempotencyKey(), o.responsibleUnit(), o.routingNote(), text(o.submittedAt()),
					text(o.acceptDueAt()), text(o.replyDueAt()), text(o.updatedAt()) };
			for (int c = 0; c < ORDER_COLUMNS; c++) {
				col[c][k] = v[c];
			}
			for (WorkOrder.Step st : prepared.get(k).steps()) {
				if (st.publicText() != null) {
					upd.add(new String[] { o.id().toString(), st.at().toString(), st.to().name(), st.action(), st.actor(),
							st.publicText() });
				}
			}
		}
		String[][] u = new String[6][upd.size()];
		for (int r = 0; r < upd.size(); r++) {
			for (int c = 0; c < 6; c++) {
				u[c][r] = upd.get(r)[c];
			}
		}
		Map<String, Object> params = params(col, u);
		// the open orders proposed around each place by the index in memory when it was prepared,
		// read back by the statement (each once, however many orders of the batch it was proposed for)
		params.put("q",
				WorkOrderQueries.ids(prepared.stream().filter(p -> p.proposed != null).map(p -> p.proposed).toList()));
		params.putAll(audited.params());
		// One round trip for the settings (GENERIC_PLAN), the orders, their timelines, the
		// duplicates proposed for each, their audit entries and, for writeCommitting, the commit:
		// the driver sends all the statements before it waits.
		String sql = (commit ? committing : inCallers).computeIfAbsent(audited.sql(),
				a -> INSERT_NEW + ";\n" + a + (commit ? ";\nCOMMIT" : ";\n" + ROLLUP_INSERTS_DONE));
		Map<UUID, WorkOrderQueries.Open> found = new java.util.HashMap<>();
		named.execute(sql, params, ps -> {
			for (boolean rows = ps.execute(); rows || ps.getUpdateCount() != -1; rows = ps.getMoreResults()) {
				if (rows) {
					try (java.sql.ResultSet rs = ps.getResultSet()) {
						while (rs.next()) {
							WorkOrderQueries.Open o = WorkOrderQueries.open(rs, 1);
							found.put(o.id(), o);
						}
					}
				}
			}
			return null;
		});
		for (Prepared p : prepared) {
			p.order().inserted();
			p.nearby = p.proposed == null ? null : queries.confirmed(p.order().categoryCode(), p.proposed, found);
		}
	}

	/**
	 * PostgreSQL plans a prepared statement anew for every execution while it believes a custom
	 * plan cheaper than its generic one, a belief it averages over the connection's life: a pool
	 * connection opened when the tables were small kept planning {@link #INSERT_NEW} (half a
	 * millisecond a batch, a fifth of PostgreSQL's CPU in the benchmark) long after they had grown.
	 * Its plan never depends on the values (primary key lookups, inserts), so generic it is, for the
	 * intake's transaction only.
	 */
	static final String GENERIC_PLAN = "SET LOCAL plan_cache_mode = force_generic_plan;\n";

	/**
	 * The statements of {@link #insertNew}, {@link #GENERIC_PLAN} first: built once, the text is the
	 * prepared statements' cache key (and the parsed named parameters'). The orders' roll-up deltas
	 * are added here, grouped (CTE {@code d}), while {@code civicloop.rollup_inserts} tells the
	 * roll-up trigger that these rows are counted already (V89); the setting is cleared after the
	 * statement ({@link #ROLLUP_INSERTS_DONE}), for whatever else the caller's transaction may
	 * insert, unless the execution commits (which clears it).
	 */
	private static final String INSERT_NEW = GENERIC_PLAN + "SET LOCAL civicloop.rollup_inserts = 'counted';\n" + """
			WITH o AS (
			  INSERT INTO workorder_order (id, version, number, category_code, description, territory_code, lat, lng,
			    address, channel, priority, state, anonymous, requester_id, requester_name, requester_contact,
			    attributes, idempotency_key, responsible_unit, routing_note, submitted_at, accept_due_at,
			    reply_due_at, updated_at)
			  SELECT id::uuid, 0, number, category, description, territory, lat::float8, lng::float8, address,
			    channel, priority, state, anonymous::boolean, requester::uuid, name, contact, attributes, key, unit,
			    note, submitted::timestamptz, accept_due::timestamptz, reply_due::timestamptz, updated::timestamptz
			  FROM unnest(CAST(:c0 AS text[]), :c1::text[], :c2::text[], :c3::text[], :c4::text[], :c5::text[],
			    :c6::text[], :c7::text[], :c8::text[], :c9::text[], :c10::text[], :c11::text[], :c12::text[],
			    :c13::text[], :c14::text[], :c15::text[], :c16::text[], :c17::text[], :c18::text[], :c19::text[],
			    :c20::text[], :c21::text[], :c22::text[])
			    WITH ORDINALITY AS v(id, number, category, description, territory, lat, lng, address, channel,
			      priority, state, anonymous, requester, name, contact, attributes, key, unit, note, submitted,
			      accept_due, reply_due, updated, i)
			  ORDER BY v.i
			  RETURNING id, submitted_at, territory_code, responsible_unit, category_code,
			    workorder_stats_measures(workorder_order) AS m),
			t AS (
			  INSERT INTO workorder_update (work_order_id, at, state, action, actor, public_text)
			  SELECT o.id, u.at::timestamptz, u.state, u.action, u.actor, u.text
			  FROM unnest(CAST(:u0 AS text[]), :u1::text[], :u2::text[], :u3::text[], :u4::text[], :u5::text[])
			      WITH ORDINALITY AS u(work_order_id, at, state, action, actor, text, i)
			    JOIN o ON o.id = u.work_order_id::uuid
			  ORDER BY u.i
			  RETURNING 1),
			d AS (
			  INSERT INTO workorder_stats_delta (day, territory_code, unit, category_code, received, accepted,
			    accepted_in_time, resolved, rated, satisfied, overdue)
			  SELECT %s
			  FROM o GROUP BY 1, 2, 3, 4
			  RETURNING 1)
			%s""".formatted(WorkOrderStats.GROUPED, WorkOrderQueries.NEARBY_ROWS);

	private static final String ROLLUP_INSERTS_DONE = "SET LOCAL civicloop.rollup_inserts = ''";

	private static final int ORDER_COLUMNS = 23;

	private static Map<String, Object> params(String[][] orderColumns, String[][] updateColumns) {
		Map<String, Object> m = new java.util.HashMap<>();
		for (int c = 0; c < orderColumns.length; c++) {
			m.put("c" + c, orderColumns[c]);
		}
		for (int c = 0; c < updateColumns.length; c++) {
			m.put("u" + c, updateColumns[c]);
		}
		return m;
	}

	private static String text(Instant i) {
		return i == null ? null : i.toString();
	}

	/** Zero-padded to six digits (String.format parses its pattern on every call: a hot path). */
	static String sixDigits(long n) {
		String d = Long.toString(n);
		return d.length() >= 6 ? d : "000000".substring(d.length()) + d;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<WorkOrderView> find(WorkOrderId id) {
		return orders.findById(id.value()).map(WorkOrderService::view);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<WorkOrderView> findByNumber(String number) {
		return orders.findByNumber(number).map(WorkOrderService::view);
	}

	@Override
	@Transactional(readOnly = true)
	public List<WorkOrderView> submittedBetween(Instant from, Instant to, String categoryCode, Boolean open, int limit) {
		return queries.submittedBetween(from, to, categoryCode, open, limit)
			.stream()
			.map(id -> orders.findById(id).map(WorkOrderService::view).orElseThrow())
			.toList();
	}

	@Override
	@Transactional(readOnly = true)
	public List<WorkOrderUpdate> publicTimeline(WorkOrderId id) {
		return queries.timeline(id.value());
	}

	@Override
	@Transactional(readOnly = true)
	public List<WorkOrderUpdate> updatesBetween(Instant from, Instant to, int limit) {
		return queries.updatesBetween(from, to, limit);
	}

	// ── scoped reads for the web layer ───────────────────────────────────────────────────

	/** The node with coordinates nearest to a point within the given subtrees; see {@link Catalogue#nearestWithin}. */
	@Transactional(readOnly = true)
	public Optional<TerritoryCode> nearestWithin(java.util.Collection<TerritoryCode> roots, double lat, double lng) {
		return catalogue.nearestWithin(roots, lat, lng);
	}

	@Transactional(readOnly = true)
	public WorkOrder visible(UUID id) {
		WorkOrder o = load(id);
		WorkOrderAccess.requireVisible(scope.current(), o);
		return o;
	}

	// ── commands ─────────────────────────────────────────────────────────────────────────

	public WorkOrder accept(UUID id) {
		return handle(id, (o) -> o.accept(me(), Instant.now()));
	}

	/** Accepts several orders; each in its own savepoint-free check, all or nothing. */
	public List<WorkOrder> bulkAccept(List<UUID> ids) {
		if (ids == null || ids.isEmpty() || ids.size() > 100) {
			throw new IllegalArgumentException("1–100 orders");
		}
		List<WorkOrder> out = new ArrayList<>();
		for (UUID id : ids) {
			out.add(accept(id));
		}
		return out;
	}

	public WorkOrder transfer(UUID id, String unit, String reason) {
		return handle(id, o -> {
			Catalogue.Entry e = catalogue.entry(o.categoryCode()).orElseThrow();
			Instant now = Instant.now();
			o.transfer(unit, reason, me(), catalogue.acceptDue(e, o.priority(), now), now);
		});
	}

	public WorkOrder returnToDispatcher(UUID id, String reason) {
		return handle(id, o -> o.returnToDispatcher(reason, me(), Instant.now()));
	}

	public WorkOrder reject(UUID id, String reason) {
		return handle(id, o -> o.reject(reason, me(), Instant.now()));
	}

	public WorkOrder start(UUID id) {
		return handle(id, o -> o.start(me(), Instant.now()));
	}

	public WorkOrder reply(UUID id, String text) {
		return handle(id, o -> {
			Instant now = Instant.now();
			if (o.pausedSince() != null) {
				resumeClock(o, now);
			}
			o.reply(text, me(), now);
		});
	}

	public WorkOrder pause(UUID id, String reason) {
		return handle(id, o -> o.pause(reason, me(), Instant.now()));
	}

	public WorkOrder resume(UUID id) {
		return handle(id, o -> resumeClock(o, Instant.now()));
	}

	private void resumeClock(WorkOrder o, Instant now) {
		if (o.pausedSince() == null) {
			throw new IllegalStateException("The clock is not paused");
		}
		WorkingCalendar cal = calendars.current();
		Duration paused = cal.workingTimeBetween(o.pausedSince(), now);
		o.resume(me(), now, paused);
		Duration shift = o.takePendingShift();
		if (shift != null && !shift.isZero() && o.replyDueAt() != null) {
			o.shiftReplyDue(cal.addWorkingTime(o.replyDueAt(), shift));
		}
	}

	public WorkOrder close(UUID id) {
		return handle(id, o -> o.close(me(), Instant.now()));
	}

	public WorkOrder joint(UUID id, String lead, List<String> coUnits) {
		return handle(id, o -> o.handleJointly(lead, coUnits, me(), Instant.now()));
	}

	public WorkOrder rate(UUID id, int stars, boolean solved, String comment) {
		return change(id, WorkOrderAccess::requireOwner, o -> o.rate(stars, solved, comment, me(), Instant.now()));
	}

	public WorkOrder reopen(UUID id, String reason) {
		return change(id, WorkOrderAccess::requireOwnerOrHandler, o -> {
			Catalogue.Entry e = catalogue.entry(o.categoryCode()).orElseThrow();
			Instant now = Instant.now();
			o.reopen(reason, me(), catalogue.replyDue(e, o.priority(), now), now);
		});
	}

	public WorkOrder escalate(UUID id, String reason) {
		return change(id, WorkOrderAccess::requireSupervisor, o -> o.escalate(reason, me(), Instant.now()));
	}

	public WorkOrder merge(UUID id, UUID into) {
		WorkOrder target = load(into);
		WorkOrderAccess.requireHandler(scope.current(), target);
		return handle(id, o -> o.mergeInto(target, me(), Instant.now()));
	}

	/** An internal note: staff only, never on the public timeline; recorded in the audit log. */
	public void note(UUID id, String text) {
		WorkOrder o = load(id);
		WorkOrderAccess.requireHandler(scope.current(), o);
		if (text == null || text.isBlank() || text.strip().length() > 4000) {
			throw new IllegalArgumentException("note: 1–4000 characters");
		}
		Instant now = Instant.now();
		jdbc.sql("INSERT INTO workorder_note (work_order_id, at, author, text) VALUES (:o, :at, :a, :t)")
			.param("o", o.id())
			.param("at", java.sql.Timestamp.from(now))
			.param("a", me())
			.param("t", text.strip())
			.update();
		audit.record(AuditRecord.of(me(), "workorder.note", "work-order", o.number())
			.inTerritory(o.territoryCode())
			.at(now)
			.detail("length", text.strip().length()));
	}

	/** Used by the SLA scanner, which runs without a caller. */
	WorkOrder saveSystemChange(WorkOrder o) {
		List<WorkOrder.Step> steps = o.drainSteps();
		WorkOrder saved = orders.save(o);
		persist(saved, steps);
		return saved;
	}

	private WorkOrder handle(UUID id, Consumer<WorkOrder> action) {
		return change(id, WorkOrderAccess::requireHandler, action);
	}

	private WorkOrder change(UUID id, java.util.function.BiConsumer<Jurisdiction, WorkOrder> check,
			Consumer<WorkOrder> action) {
		WorkOrder o = load(id);
		Jurisdiction j = scope.current();
		if (!WorkOrderAccess.canSee(j, o)) {
			throw new OutOfJurisdictionException("work order " + o.number());
		}
		check.accept(j, o);
		action.accept(o);
		List<WorkOrder.Step> steps = o.drainSteps();
		WorkOrder saved = orders.save(o);
		persist(saved, steps);
		return saved;
	}

	private void persist(WorkOrder o, List<WorkOrder.Step> steps) {
		timeline(o, steps);
		record(o, steps);
		openOrders.afterCommit(List.of(o));
	}

	/** The public timeline rows of the steps (after the order row: they reference it). */
	private void timeline(WorkOrder o, List<WorkOrder.Step> steps) {
		for (WorkOrder.Step s : steps) {
			if (s.publicText() != null) {
				jdbc.sql("""
						INSERT INTO workorder_update (work_order_id, at, state, action, actor, public_text)
						VALUES (:o, :at, :state, :action, :actor, :text)""")
					.param("o", o.id())
					.param("at", java.sql.Timestamp.from(s.at()))
					.param("state", s.to().name())
					.param("action", s.action())
					.param("actor", s.actor())
					.param("text", s.publicText())
					.update();
			}
		}
	}

	/** The audit entries and events of the steps. */
	private void record(WorkOrder o, List<WorkOrder.Step> steps) {
		for (AuditRecord rec : auditRecords(o, steps)) {
			audit.record(rec);
		}
		publishStepEvents(o, steps);
	}

	private static List<AuditRecord> auditRecords(WorkOrder o, List<WorkOrder.Step> steps) {
		List<AuditRecord> out = new ArrayList<>(steps.size());
		for (WorkOrder.Step s : steps) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("from", s.from() == null ? null : s.from().name());
			details.put("to", s.to().name());
			if (s.reason() != null) {
				details.put("reason", s.reason());
			}
			if ("submit".equals(s.action()) || "transfer".equals(s.action()) || "joint".equals(s.action())) {
				details.put("unit", o.responsibleUnit());
				details.put("category", o.categoryCode());
				details.put("channel", o.channel().name());
			}
			if ("escalate".equals(s.action())) {
				details.put("level", o.escalationLevel());
			}
			AuditRecord rec = AuditRecord.of(s.actor(), "workorder." + s.action(), "work-order", o.number())
				.inTerritory(o.territoryCode())
				.at(s.at())
				.withDetails(details);
			if ("system".equals(s.actor())) {
				rec = rec.withSourceKey("workorder." + s.action() + ":" + o.id() + ":" + o.escalationLevel());
			}
			out.add(rec);
		}
		return out;
	}

	private void publishStepEvents(WorkOrder o, List<WorkOrder.Step> steps) {
		for (WorkOrder.Step s : steps) {
			if (s.from() != null && s.from() != s.to()) {
				events.publishEvent(new WorkOrderStateChanged(new WorkOrderId(o.id()), o.number(), s.from(), s.to(),
						s.action(), s.actor(), o.territoryCode(), s.reason(), s.at(), s.publicText()));
			}
			else if (s.from() != null) {
				events.publishEvent(new WorkOrderProgressed(new WorkOrderId(o.id()), o.number(), s.to(), s.action(),
						s.actor(), o.territoryCode(), s.reason(), s.publicText(), o.currentDue(), s.at()));
			}
			if (s.to() == WorkOrderState.CLOSED && s.from() != WorkOrderState.CLOSED) {
				events.publishEvent(new WorkOrderClosed(new WorkOrderId(o.id()), o.number(), o.territoryCode(),
						o.rating(), s.at()));
			}
		}
	}

	WorkOrder load(UUID id) {
		return orders.findById(id).orElseThrow(() -> new NotFoundException("No work order " + id));
	}

	private String me() {
		Jurisdiction j = scope.current();
		return j.username() == null ? AuditRecord.SYSTEM : j.username();
	}

	private String actorName(Channel channel) {
		Jurisdiction j = scope.current();
		if (j.username() != null) {
			return j.username();
		}
		return channel == null ? AuditRecord.SYSTEM : channel.name().toLowerCase();
	}

	private static String optional(String v, String what, int max) {
		if (v == null || v.isBlank()) {
			return null;
		}
		String s = v.strip();
		if (s.length() > max) {
			throw new IllegalArgumentException(what + " is longer than " + max + " characters");
		}
		return s;
	}

	private static String clip(String s) {
		return s == null ? "null" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
	}

	/** Checks the answers against the category's questions and keeps them as JSON. */
	static String attributes(Category c, Map<String, String> given) {
		Map<String, String> values = given == null ? Map.of() : given;
		if (values.size() > 20) {
			throw new IllegalArgumentException("too many attributes");
		}
		for (Category.Attribute a : c.attributes()) {
			String v = values.get(a.code());
			if (a.required() && (v == null || v.isBlank())) {
				throw new IllegalArgumentException("attribute " + a.code() + " is required");
			}
			if (v != null && !v.isBlank() && a.datatype().equals("singlevaluelist")
					&& a.values().stream().noneMatch(x -> x.key().equals(v))) {
				throw new IllegalArgumentException("attribute " + a.code() + " has no value " + clip(v));
			}
		}
		for (Map.Entry<String, String> e : values.entrySet()) {
			if (e.getKey() == null || e.getKey().length() > 40 || e.getValue() != null && e.getValue().length() > 500) {
				throw new IllegalArgumentException("attribute names ≤ 40 and values ≤ 500 characters");
			}
		}
		return values.isEmpty() ? null : JSON.writeValueAsString(new java.util.TreeMap<>(values));
	}

	public static WorkOrderView view(WorkOrder o) {
		return new WorkOrderView(new WorkOrderId(o.id()), o.number(), o.categoryCode(), o.description(), o.state(),
				o.priority(), o.channel(), o.territoryCode(), o.lat(), o.lng(), o.address(), o.anonymous(),
				o.requesterId(), o.responsibleUnit(), o.publicReply() != null ? o.publicReply() : o.publicReason(),
				o.rating(), o.submittedAt(), o.acceptDueAt(), o.replyDueAt(), o.overdue(), o.updatedAt(),
				o.attributes() == null ? Map.of() : JSON.readValue(o.attributes(), new tools.jackson.core.type.TypeReference<Map<String, String>>() {
				}));
	}
}
