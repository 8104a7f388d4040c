package org.civicloop.identity.internal;

import java.util.Collection;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.TerritoryLevel;

/**
 * How far an administrator reaches over other accounts. Seeing a user needs one of the user's
 * bindings inside the administrator's jurisdiction; changing what the user may do everywhere
 * (roles, enabled state, password) needs all of them inside, otherwise a street administrator
 * could, say, grant ADMIN to someone who also works in the next street and so act there by proxy.
 * Accounts without any binding belong to nobody's subtree, so only a city-wide administrator
 * reaches them.
 */
public final class AdminReach {

	private AdminReach() {
	}

	public static boolean wholeCity(Jurisdiction j) {
		return j.roots().stream().anyMatch(r -> r.level() == TerritoryLevel.CITY);
	}

	public static boolean canSee(Jurisdiction j, Collection<String> bindings) {
		return bindings.isEmpty() ? wholeCity(j) : bindings.stream().anyMatch(j::covers);
	}

	public static boolean canManage(Jurisdiction j, Collection<String> bindings) {
		return bindings.isEmpty() ? wholeCity(j) : bindings.stream().allMatch(j::covers);
	}
}
