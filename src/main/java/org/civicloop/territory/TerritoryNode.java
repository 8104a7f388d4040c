package org.civicloop.territory;

import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;

/** One node of the tree as other modules see it. */
public record TerritoryNode(String code, String name, TerritoryLevel level, String parentCode, Double lat, Double lng,
		boolean demo) {

	public TerritoryCode territoryCode() {
		return TerritoryCode.of(code);
	}

	public boolean hasLocation() {
		return lat != null && lng != null;
	}
}
