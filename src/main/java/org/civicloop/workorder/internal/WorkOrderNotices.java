package org.civicloop.workorder.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.identity.Accounts;
import org.civicloop.notification.Notice;
import org.civicloop.notification.Notifications;
import org.civicloop.shared.EmailAddress;
import org.civicloop.workorder.WorkOrderId;
import org.civicloop.workorder.WorkOrderProgressed;
import org.civicloop.workorder.WorkOrderStateChanged;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the module's own events into notices ({@code wo.notify.<kind>} with the order number and a
 * detail). The handlers run after the publisher's commit through the event publication registry,
 * which redelivers after a crash; the notice's event key makes a redelivery harmless. The new-order
 * notice is the exception: {@link NewOrderNotices} writes it after the intake's commit, many at a
 * time, and writes again after a crash from a mark of its own.
 * <p>
 * The requester hears about what happens to THEIR order, in the words of the public timeline only
 * (a rejection's public reason, a pause's request for information); staff hear about their queue:
 * the order's territory node. Nothing here carries internal notes, and staff notices never carry
 * the requester's name or contact, so anonymity toward handlers holds. A requester without an
 * account who left an e-mail address (hotline, Open311) is e-mailed.
 */
@Component
class WorkOrderNotices {

	static final String SOURCE = "workorder";
	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(WorkingCalendar.ZONE);

	private final Notifications notifications;
	private final WorkOrderRepository orders;
	private final Accounts accounts;

	WorkOrderNotices(Notifications notifications, WorkOrderRepository orders, Accounts accounts) {
		this.notifications = notifications;
		this.orders = orders;
		this.accounts = accounts;
	}

	/** An order filed, as its new-order notice needs it. */
	record NewOrder(UUID id, String number, String territoryCode) {
	}

	/**
	 * The staff's new-order notices of orders filed (see {@link NewOrderNotices}, which calls it after
	 * the orders committed, many at a time); writing one again is harmless (its event key).
	 */
	void newOrders(List<NewOrder> filed) {
		notifications.sendAll(filed.stream()
			.map(o -> staffNotice(new WorkOrderId(o.id()), o.number(), o.territoryCode(), "new-order", null,
					"submit:" + o.id()))
			.toList());
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
		String contact = o.requesterContact();
		if (o.requesterId() != null) {
			notifications.send(Notice.toUser(key, o.requesterId(), SOURCE, "wo.notify." + kind, link(id), number,
					nz(detail)));
		}
		// an address left on the request itself (hotline, Open311, or a resident whose account has
		// none or another one) is written to as well; the account's own address got the notice above
		boolean accountHasIt = o.requesterId() != null
				&& accounts.email(o.requesterId()).filter(a -> a.equalsIgnoreCase(contact == null ? "" : contact.strip())).isPresent();
		if (EmailAddress.isValid(contact) && !accountHasIt) {
			notifications.email(key, contact.strip(), SOURCE, "wo.notify." + kind, List.of(number, nz(detail)));
		}
	}

	private void toStaff(WorkOrderId id, String number, String territory, String kind, String detail, String key) {
		notifications.send(staffNotice(id, number, territory, kind, detail, key));
	}

	private static Notice staffNotice(WorkOrderId id, String number, String territory, String kind, String detail,
			String key) {
		return Notice.toTerritory(key, territory, SOURCE, "wo.notify." + kind, link(id), number, nz(detail));
	}

	private static String link(WorkOrderId id) {
		return "/requests/" + id.value();
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}

	private static String stamp(Instant at) {
		return at.getEpochSecond() + "." + at.getNano();
	}
}
