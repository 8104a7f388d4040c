package org.civicloop.open311;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.WorkOrderUpdate;
import org.civicloop.workorder.WorkOrderView;
import org.civicloop.workorder.WorkOrders;

/**
 * An in-memory {@link WorkOrders} with a small catalogue, standing in for the work-order module in
 * the Open311 tests so that they show the adapter alone (and keep running once the real facade
 * exists: this bean is {@code @Primary}). It places an order given only a location in
 * {@link #PLACED} and records what it was given.
 */
public class FakeWorkOrders implements WorkOrders {

	public static final String PLACED = "330102014001";
	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	static final List<Category> CATEGORIES = List.of(
			new Category("street-light", "路灯故障", "Street light out", "路灯不亮或闪烁", "A street light is out or flickers",
					"城市管理", true,
					List.of(new Category.Attribute("pole_type", "singlevaluelist", true, "灯杆类型", "Pole type", 1,
							List.of(new Category.Value("single", "Single lamp"), new Category.Value("double", "Double lamp"))),
							new Category.Attribute("pole_number", "number", false, "灯杆编号", "Pole number", 2, List.of()))),
			new Category("noise", "噪声扰民", "Noise", "夜间施工、娱乐场所噪声", "Night works, entertainment venues", "环境", true,
					List.of(new Category.Attribute("when", "multivaluelist", true, "发生时段", "When it happens", 1,
							List.of(new Category.Value("night", "Night"), new Category.Value("day", "Day"),
									new Category.Value("weekend", "Weekend"))),
							new Category.Attribute("since", "datetime", false, "开始时间", "Since", 2, List.of()),
							new Category.Attribute("source", "string", false, "噪声来源", "Source", 3, List.of()))),
			new Category("pothole", "道路坑洼", "Pothole", "路面破损、坑洼", "Broken road surface", "城市管理", true, List.of()),
			new Category("retired", "停用类别", "Retired", "不再使用", "No longer used", "其他", false, List.of()));

	private final Map<WorkOrderId, WorkOrderView> orders = new ConcurrentHashMap<>();
	private final Map<String, WorkOrderId> idempotency = new ConcurrentHashMap<>();
	private final List<WorkOrderUpdate> updates = new CopyOnWriteArrayList<>();
	private final List<NewWorkOrder> received = new CopyOnWriteArrayList<>();
	private final AtomicLong sequence = new AtomicLong();

	public void reset() {
		orders.clear();
		idempotency.clear();
		updates.clear();
		received.clear();
	}

	/** What {@link #submit} was given, in order. */
	public List<NewWorkOrder> received() {
		return List.copyOf(received);
	}

	@Override
	public List<Category> categories() {
		return CATEGORIES;
	}

	@Override
	public Optional<Category> category(String code) {
		return CATEGORIES.stream().filter(c -> c.code().equals(code)).findFirst();
	}

	@Override
	public synchronized WorkOrderView submit(NewWorkOrder request) {
		received.add(request);
		if (request.idempotencyKey() != null && idempotency.containsKey(request.idempotencyKey())) {
			return orders.get(idempotency.get(request.idempotencyKey()));
		}
		Category c = category(request.categoryCode()).filter(Category::active)
			.orElseThrow(() -> new IllegalArgumentException("Unknown category " + request.categoryCode()));
		String territory = request.territoryCode();
		if (territory == null && request.lat() != null) {
			territory = PLACED;
		}
		if (territory == null && request.address() != null) {
			territory = "330100";
		}
		if (territory == null) {
			throw new IllegalArgumentException("No place");
		}
		Instant now = Instant.now();
		WorkOrderView v = seed(c.code(), request.description(), WorkOrderState.SUBMITTED, request.channel(), territory,
				request.lat(), request.lng(), request.address(), request.anonymous(), now);
		if (request.attributes() != null && !request.attributes().isEmpty()) {
			WorkOrderView o = v;
			v = new WorkOrderView(o.id(), o.number(), o.categoryCode(), o.description(), o.state(), o.priority(),
					o.channel(), o.territoryCode(), o.lat(), o.lng(), o.address(), o.anonymous(), o.requesterId(),
					o.responsibleUnit(), o.publicReply(), o.rating(), o.submittedAt(), o.acceptDueAt(), o.replyDueAt(),
					o.overdue(), o.updatedAt(), request.attributes());
			orders.put(v.id(), v);
		}
		if (request.idempotencyKey() != null) {
			idempotency.put(request.idempotencyKey(), v.id());
		}
		return v;
	}

	/** Adds an order as if it had been filed at {@code at}, with its first public update. */
	public synchronized WorkOrderView seed(String category, String description, WorkOrderState state, Channel channel,
			String territory, Double lat, Double lng, String address, boolean anonymous, Instant at) {
		long n = sequence.incrementAndGet();
		String number = "HZ" + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(at, ZONE)) + "-" + String.format("%06d", n);
		WorkOrderView v = new WorkOrderView(WorkOrderId.random(), number, category, description, state, Priority.GENERAL,
				channel, territory, lat, lng, address, anonymous, anonymous ? null : java.util.UUID.randomUUID(),
				"四季青街道城管科", null, null, at, at.plusSeconds(3600), at.plusSeconds(86400 * 3), false, at);
		orders.put(v.id(), v);
		updates.add(new WorkOrderUpdate(sequence.incrementAndGet(), v.id(), number, at, WorkOrderState.SUBMITTED, "submit",
				"已登记"));
		if (state != WorkOrderState.SUBMITTED) {
			return advance(number, state, "→ " + state, at);
		}
		return v;
	}

	/** Moves an order on, with a public update at {@code at}. */
	public synchronized WorkOrderView advance(String number, WorkOrderState state, String publicText, Instant at) {
		WorkOrderView o = findByNumber(number).orElseThrow();
		String reply = state == WorkOrderState.REPLIED ? publicText : o.publicReply();
		WorkOrderView v = new WorkOrderView(o.id(), o.number(), o.categoryCode(), o.description(), state, o.priority(),
				o.channel(), o.territoryCode(), o.lat(), o.lng(), o.address(), o.anonymous(), o.requesterId(),
				o.responsibleUnit(), reply, o.rating(), o.submittedAt(), o.acceptDueAt(), o.replyDueAt(), o.overdue(), at,
				o.attributes());
		orders.put(v.id(), v);
		updates.add(new WorkOrderUpdate(sequence.incrementAndGet(), v.id(), number, at, state, state.name().toLowerCase(),
				publicText));
		return v;
	}

	@Override
	public Optional<WorkOrderView> find(WorkOrderId id) {
		return Optional.ofNullable(orders.get(id));
	}

	@Override
	public Optional<WorkOrderView> findByNumber(String number) {
		return orders.values().stream().filter(o -> o.number().equals(number)).findFirst();
	}

	@Override
	public List<WorkOrderView> submittedBetween(Instant from, Instant to, String categoryCode, Boolean open, int limit) {
		return orders.values()
			.stream()
			.filter(o -> !o.submittedAt().isBefore(from) && o.submittedAt().isBefore(to))
			.filter(o -> categoryCode == null || o.categoryCode().equals(categoryCode))
			.filter(o -> open == null || o.state().isOpen() == open)
			.sorted(Comparator.comparing(WorkOrderView::submittedAt).reversed())
			.limit(limit)
			.toList();
	}

	@Override
	public List<WorkOrderUpdate> publicTimeline(WorkOrderId id) {
		return updates.stream().filter(u -> u.workOrderId().equals(id)).toList();
	}

	@Override
	public List<WorkOrderUpdate> updatesBetween(Instant from, Instant to, int limit) {
		List<WorkOrderUpdate> list = new ArrayList<>();
		for (WorkOrderUpdate u : updates) {
			if (!u.at().isBefore(from) && u.at().isBefore(to)) {
				list.add(u);
			}
		}
		list.sort(Comparator.comparing(WorkOrderUpdate::at).thenComparing(WorkOrderUpdate::updateId));
		return list.size() > limit ? list.subList(0, limit) : list;
	}
}
