package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderProgressed;
import org.civicloop.workorder.WorkOrderStateChanged;
import org.civicloop.workorder.WorkOrderSubmitted;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * In-app notifications (and e-mail when configured) from the module's own events. The handlers
 * run after the publisher's commit through the event publication registry, which redelivers after
 * a crash; the unique (event, recipient) key makes a redelivery land on the row already written,
 * and an e-mail goes out only when the row is new.
 * <p>
 * The requester hears about what happens to THEIR order, in the words of the public timeline only
 * (a rejection's public reason, a pause's request for information); staff hear about their queue:
 * the order's territory node, seen by every handler whose jurisdiction covers it. Nothing here
 * carries internal notes, and staff notifications never carry the requester's name or contact, so
 * anonymity toward handlers holds.
 */
@Component
public class Notifications {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(WorkingCalendar.ZONE);
	private static final int COUNT_CAP = 100;

	private final JdbcClient jdbc;
	private final WorkOrderRepository orders;
	private final JurisdictionScope scope;
	private final NotificationMailer mailer;

	Notifications(JdbcClient jdbc, WorkOrderRepository orders, JurisdictionScope scope, NotificationMailer mailer) {
		this.jdbc = jdbc;
		this.orders = orders;
		this.scope = scope;
		this.mailer = mailer;
	}

	public record Item(long id, UUID workOrderId, String number, String kind, String detail, Instant at, boolean read) {
	}

	public record Page(List<Item> items, int page, int size, long total) {
	}

	// ── from events ──────────────────────────────────────────────────────────────────────

	@ApplicationModuleListener
	void on(WorkOrderSubmitted e) {
		toStaff(e.id(), e.number(), e.territoryCode(), "new-order", null, "submit:" + e.id().value());
	}

	@ApplicationModuleListener
	void on(WorkOrderStateChanged e) {
		String key = e.action() + ":" + e.id().value() + ":" + stamp(e.at());
		switch (e.action()) {
			case "accept" -> toRequester(e.id(), e.number(), "accepted", null, key);
			case "reply" -> toRequester(e.id(), e.number(), "replied", e.publicText(), key);
			// the reason of a rejection is the public one (不予受理理由, shown to the requester)
			case "reject" -> toRequester(e.id(), e.number(), "rejected", e.reason(), key);
			case "close" -> toRequester(e.id(), e.number(), "closed", null, key);
			case "merge" -> toRequester(e.id(), e.number(), "merged", e.reason(), key);
			case "reopen" -> {
				toRequester(e.id(), e.number(), "reopened", e.reason(), key);
				toStaff(e.id(), e.number(), e.territoryCode(), "reopened", e.reason(), key);
			}
			// a return reason is for the dispatcher: staff only
			case "return" -> toStaff(e.id(), e.number(), e.territoryCode(), "returned", e.reason(), key);
			case "transfer" -> toStaff(e.id(), e.number(), e.territoryCode(), "transferred", e.reason(), key);
			default -> {
			}
		}
	}

	@ApplicationModuleListener
	void on(WorkOrderProgressed e) {
		String key = e.action() + ":" + e.id().value() + ":" + stamp(e.at());
		String due = e.due() == null ? null : MINUTE.format(e.due());
		switch (e.action()) {
			// waiting for the requester: the reason is the question put to them, on their timeline too
			case "pause" -> toRequester(e.id(), e.number(), "waiting", e.reason(), key);
			case "due-soon" -> toStaff(e.id(), e.number(), e.territoryCode(), "due-soon", due, key);
			case "overdue" -> toStaff(e.id(), e.number(), e.territoryCode(), "overdue", due, key);
			case "escalate" -> toStaff(e.id(), e.number(), e.territoryCode(), "escalated", e.reason(), key);
			default -> {
			}
		}
	}

	private void toRequester(WorkOrderId id, String number, String kind, String detail, String key) {
		Optional<WorkOrder> order = orders.findById(id.value());
		if (order.isEmpty()) {
			return;
		}
		WorkOrder o = order.get();
		boolean fresh = o.requesterId() != null
				? insert(key, "user:" + o.requesterId(), o.requesterId(), null, o.id(), number, kind, detail)
				// requesters without an account (hotline, Open311) may have left an e-mail address: the
				// "mail" row is the redelivery guard, shown to nobody
				: NotificationMailer.isAddress(o.requesterContact())
						&& insert(key, "mail", null, null, o.id(), number, kind, detail);
		if (fresh) {
			mailer.send(o.requesterContact(), kind, number, detail);
		}
	}

	private void toStaff(WorkOrderId id, String number, String territory, String kind, String detail, String key) {
		insert(key, "territory:" + territory, null, territory, id.value(), number, kind, clip(detail));
	}

	private boolean insert(String key, String recipient, UUID user, String territory, UUID order, String number,
			String kind, String detail) {
		return jdbc.sql("""
				INSERT INTO workorder_notification (event_key, recipient, recipient_user, recipient_territory,
				  work_order_id, number, kind, detail, created_at)
				VALUES (:key, :recipient, :user, :territory, :order, :number, :kind, :detail, :at)
				ON CONFLICT (event_key, recipient) DO NOTHING""")
			.param("key", key)
			.param("recipient", recipient)
			.param("user", user)
			.param("territory", territory)
			.param("order", order)
			.param("number", number)
			.param("kind", kind)
			.param("detail", clip(detail))
			.param("at", Timestamp.from(Instant.now()))
			.update() == 1;
	}

	private static String clip(String s) {
		return s == null ? null : s.length() > 1000 ? s.substring(0, 999) + "…" : s;
	}

	private static String stamp(Instant at) {
		return at.getEpochSecond() + "." + at.getNano();
	}

	// ── reads for the signed-in user ─────────────────────────────────────────────────────

	private record Cond(String sql, Map<String, Object> params) {
	}

	/** The caller's own notifications, plus their queue's when they handle orders. */
	private Cond visible() {
		Jurisdiction j = scope.current();
		Map<String, Object> p = new HashMap<>();
		p.put("me", j.userId() == null ? new UUID(0, 0) : j.userId());
		if (WorkOrderAccess.isHandler(j) && !j.roots().isEmpty()) {
			p.put("patterns", j.likePatterns().toArray(String[]::new));
			return new Cond("(n.recipient_user = :me OR n.recipient_territory LIKE ANY (:patterns))", p);
		}
		return new Cond("n.recipient_user = :me", p);
	}

	/** Unread notifications, counted up to 100 (the bell shows 99+ beyond). */
	public long unread() {
		Cond c = visible();
		return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM workorder_notification n WHERE " + c.sql()
				+ " AND NOT EXISTS (SELECT 1 FROM workorder_notification_read r WHERE r.notification_id = n.id AND r.user_id = :me)"
				+ " LIMIT " + COUNT_CAP + ") x").params(c.params()).query(Long.class).single();
	}

	public Page page(int page, int size) {
		Cond c = visible();
		long total = jdbc.sql("SELECT count(*) FROM workorder_notification n WHERE " + c.sql())
			.params(c.params())
			.query(Long.class)
			.single();
		List<Item> items = new ArrayList<>(jdbc.sql("""
				SELECT n.id, n.work_order_id, n.number, n.kind, n.detail, n.created_at, r.user_id IS NOT NULL AS read
				FROM workorder_notification n
				LEFT JOIN workorder_notification_read r ON r.notification_id = n.id AND r.user_id = :me
				WHERE\s""" + c.sql() + " ORDER BY n.id DESC LIMIT :limit OFFSET :offset")
			.params(c.params())
			.param("limit", size)
			.param("offset", (long) page * size)
			.query((rs, n) -> new Item(rs.getLong("id"), rs.getObject("work_order_id", UUID.class), rs.getString("number"),
					rs.getString("kind"), rs.getString("detail"), rs.getTimestamp("created_at").toInstant(),
					rs.getBoolean("read")))
			.list());
		return new Page(items, page, size, total);
	}

	/** Marks one notification read; returns its work order, or empty when the caller cannot see it. */
	public Optional<UUID> markRead(long id) {
		Cond c = visible();
		Optional<UUID> order = jdbc.sql("SELECT n.work_order_id FROM workorder_notification n WHERE n.id = :id AND " + c.sql())
			.params(c.params())
			.param("id", id)
			.query(UUID.class)
			.optional();
		order.ifPresent(x -> jdbc.sql("""
				INSERT INTO workorder_notification_read (notification_id, user_id, read_at) VALUES (:id, :me, now())
				ON CONFLICT DO NOTHING""").params(c.params()).param("id", id).update());
		return order;
	}

	public int markAllRead() {
		Cond c = visible();
		return jdbc.sql("INSERT INTO workorder_notification_read (notification_id, user_id, read_at)"
				+ " SELECT n.id, :me, now() FROM workorder_notification n WHERE " + c.sql()
				+ " ON CONFLICT DO NOTHING").params(c.params()).update();
	}
}
