package org.civicloop.seal.internal;

import java.util.ArrayList;
import java.util.List;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;

/**
 * The ordered approvers of a power-list item, by role. The village party secretary is always
 * first (百丈镇: 村党总支书记为印章使用审批第一人); a further step names the role that decides next,
 * taken from whoever holds it over the village (e.g. the township's 三资 office for a lease, the
 * discipline inspector for a tender).
 */
record ApprovalChain(List<Role> steps) {

	ApprovalChain {
		List<Role> s = new ArrayList<>();
		s.add(Role.VILLAGE_SECRETARY);
		// the secretary decides once, first; a repeated role would only make someone decide twice
		steps.stream().filter(r -> !s.contains(r)).forEach(s::add);
		steps = List.copyOf(s);
	}

	static ApprovalChain parse(String csv) {
		List<Role> roles = new ArrayList<>();
		for (String p : csv == null ? new String[0] : csv.split(",")) {
			if (!p.isBlank()) {
				roles.add(Role.valueOf(p.trim()));
			}
		}
		return new ApprovalChain(roles);
	}

	String csv() {
		return String.join(",", steps.stream().map(Role::name).toList());
	}

	Role at(int step) {
		return step >= 0 && step < steps.size() ? steps.get(step) : null;
	}

	boolean isLast(int step) {
		return step == steps.size() - 1;
	}

	/** Whether {@code j} decides step {@code step} of an application of {@code villageCode}. */
	boolean mayDecide(Jurisdiction j, String villageCode, int step) {
		Role role = at(step);
		return role != null && j.has(role) && j.covers(villageCode);
	}
}
