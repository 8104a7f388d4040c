package org.civicloop.workorder.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.Priority;
import org.civicloop.workorder.WorkOrderState;
import org.civicloop.workorder.internal.WorkOrder;
import org.civicloop.workorder.internal.WorkOrderAccess;

/**
 * An order as the API shows it to one caller: the requester's identity is left out for staff
 * when the request is anonymous.
 */
record OrderDetail(UUID id, String number, String categoryCode, String description, WorkOrderState state,
		Priority priority, Channel channel, String territoryCode, Double lat, Double lng, String address,
		boolean anonymous, UUID requesterId, String requesterName, String requesterContact, String responsibleUnit,
		List<String> coUnits, String routingNote, String publicReply, String publicReason, Integer rating,
		String ratingComment, Boolean solved, boolean reopenable, int reopenCount, UUID mergedInto, boolean supervised,
		int escalationLevel, Instant submittedAt, Instant acceptedAt, Instant repliedAt, Instant closedAt,
		Instant acceptDueAt, Instant replyDueAt, boolean paused, boolean dueSoon, boolean overdue, Instant updatedAt,
		long version) {

	static OrderDetail of(WorkOrder o, Jurisdiction viewer) {
		boolean owner = WorkOrderAccess.isOwner(viewer, o);
		boolean hide = o.anonymous() && !owner;
		boolean staff = WorkOrderAccess.isStaff(viewer);
		return new OrderDetail(o.id(), o.number(), o.categoryCode(), o.description(), o.state(), o.priority(),
				o.channel(), o.territoryCode(), o.lat(), o.lng(), o.address(), o.anonymous(),
				hide ? null : o.requesterId(), hide ? null : o.requesterName(), hide ? null : o.requesterContact(),
				o.responsibleUnit(), o.coUnits(), staff ? o.routingNote() : null, o.publicReply(), o.publicReason(),
				o.rating(), o.ratingComment(), o.solved(), o.mayReopen(), o.reopenCount(), o.mergedInto(),
				o.supervised(), o.escalationLevel(), o.submittedAt(), o.acceptedAt(), o.repliedAt(), o.closedAt(),
				o.acceptDueAt(), o.replyDueAt(), o.pausedSince() != null, o.dueSoon(), o.overdue(), o.updatedAt(),
				o.version() == null ? 0 : o.version());
	}
}
