package org.civicloop.shared;

/** Levels of the territory tree, from the city down to a building or stairwell. */
public enum TerritoryLevel {

	CITY(null), DISTRICT(CITY), STREET(DISTRICT), COMMUNITY(STREET), GRID(COMMUNITY), MICRO_GRID(GRID),
	COMPOUND(COMMUNITY), COMMERCIAL_BUILDING(COMMUNITY);

	private final TerritoryLevel parentLevel;

	TerritoryLevel(TerritoryLevel parentLevel) {
		this.parentLevel = parentLevel;
	}

	public TerritoryLevel parentLevel() {
		return parentLevel;
	}

	/**
	 * Administrative divisions down to community/village are public information (GB/T 2260 and
	 * the statistical division list); grids, buildings and compounds describe where people live
	 * and who looks after them, so they are visible only inside a jurisdiction.
	 */
	public boolean isPublicDivision() {
		return ordinal() <= COMMUNITY.ordinal();
	}
}
