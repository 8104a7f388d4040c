package org.civicloop.shared;

/**
 * The personas of the brief. A user holds one or more roles; what a role may do is decided by
 * each module, where it may do it by the user's territory bindings.
 */
public enum Role {

	ADMIN, RESIDENT, ENTERPRISE_CONTACT, GRID_WORKER, MICRO_GRID_HEAD, COMMUNITY_STAFF, STREET_STAFF,
	THREE_PARTY_OFFICE, DEPARTMENT_HANDLER, LEADER, PAIRED_LEADER, VILLAGE_SECRETARY, VILLAGE_CLERK,
	DISCIPLINE_INSPECTOR, RIVER_CHIEF, PATROL_MEMBER, PROPERTY_COMPANY, OWNERS_COMMITTEE, CULTURE_STAFF,
	SUPERVISION_OFFICER, AUDITOR;

	/** The Spring Security authority for this role. */
	public String authority() {
		return "ROLE_" + name();
	}
}
