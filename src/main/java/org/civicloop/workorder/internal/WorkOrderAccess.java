package org.civicloop.workorder.internal;

import java.util.EnumSet;
import java.util.Set;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;

/**
 * Who may do what with work orders. Where is always the caller's jurisdiction (territory
 * subtrees); a requester reaches their own orders wherever those are. Residents and enterprise
 * contacts are bound to their compound/community, but that binding does not let them read their
 * neighbours' requests: for them only ownership counts. Department handlers are scoped by their
 * territory binding like any staff (units are not accounts yet).
 */
public final class WorkOrderAccess {

	/** Receive, dispatch and answer orders in their jurisdiction. */
	public static final Set<Role> HANDLERS = EnumSet.of(Role.ADMIN, Role.STREET_STAFF, Role.COMMUNITY_STAFF,
			Role.GRID_WORKER, Role.MICRO_GRID_HEAD, Role.THREE_PARTY_OFFICE, Role.DEPARTMENT_HANDLER, Role.RIVER_CHIEF);

	/** May read orders in their jurisdiction (and supervise: 督办). */
	public static final Set<Role> OVERSEERS = EnumSet.of(Role.LEADER, Role.PAIRED_LEADER, Role.SUPERVISION_OFFICER,
			Role.DISCIPLINE_INSPECTOR, Role.AUDITOR);

	/** May escalate (督办). */
	public static final Set<Role> SUPERVISORS = EnumSet.of(Role.ADMIN, Role.LEADER, Role.PAIRED_LEADER,
			Role.SUPERVISION_OFFICER, Role.STREET_STAFF);

	private WorkOrderAccess() {
	}

	public static boolean isHandler(Jurisdiction j) {
		return j.hasAny(HANDLERS);
	}

	public static boolean isStaff(Jurisdiction j) {
		return j.hasAny(HANDLERS) || j.hasAny(OVERSEERS);
	}

	public static boolean isOwner(Jurisdiction j, WorkOrder o) {
		return j.userId() != null && j.userId().equals(o.requesterId());
	}

	public static boolean canSee(Jurisdiction j, WorkOrder o) {
		return isOwner(j, o) || isStaff(j) && j.covers(o.territoryCode());
	}

	public static void requireVisible(Jurisdiction j, WorkOrder o) {
		if (!canSee(j, o)) {
			throw new OutOfJurisdictionException("work order " + o.number());
		}
	}

	public static void requireHandler(Jurisdiction j, WorkOrder o) {
		if (!isHandler(j) || !j.covers(o.territoryCode())) {
			throw new OutOfJurisdictionException("work order " + o.number());
		}
	}

	public static void requireSupervisor(Jurisdiction j, WorkOrder o) {
		if (!j.hasAny(SUPERVISORS) || !j.covers(o.territoryCode())) {
			throw new OutOfJurisdictionException("work order " + o.number());
		}
	}

	/** Rating and reopening are the requester's; a handler may reopen after a dispute by phone. */
	public static void requireOwnerOrHandler(Jurisdiction j, WorkOrder o) {
		if (!isOwner(j, o)) {
			requireHandler(j, o);
		}
	}

	public static void requireOwner(Jurisdiction j, WorkOrder o) {
		if (!isOwner(j, o)) {
			throw new OutOfJurisdictionException("work order " + o.number());
		}
	}
}
