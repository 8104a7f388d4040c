package org.civicloop.shared;

import java.util.Objects;

/**
 * A territory code. Administrative levels use GB/T 2260 (6 digits) and the 12-digit statistical
 * division code; below a community we extend the community code (grid +3 digits, micro-grid +3,
 * residential compound {@code R}+3, commercial building {@code B}+3). Because every child code
 * starts with its parent's significant prefix, "is X inside Y's subtree" is a string test that
 * needs no database, which is what lets every module scope its own tables cheaply.
 */
public record TerritoryCode(String value) implements Comparable<TerritoryCode>, java.io.Serializable {

	public TerritoryCode {
		Objects.requireNonNull(value, "territory code");
		if (!shaped(value) || value.startsWith("00")) {
			throw new IllegalArgumentException("Not a territory code: " + value);
		}
		if (value.length() == 6 && value.endsWith("0000")) {
			throw new IllegalArgumentException("Province codes are outside CivicLoop's scope: " + value);
		}
		if (value.length() == 12 && value.endsWith("000000")) {
			throw new IllegalArgumentException("Use the 6-digit code for a county-level unit: " + value);
		}
	}

	/**
	 * 6, 12, 15 or 18 ASCII digits, or 12 digits, R or B, 3 digits. Checked by hand: every request
	 * builds several codes, and the equivalent regular expression's alternation was a measurable
	 * share of the intake's CPU.
	 */
	private static boolean shaped(String v) {
		int n = v.length();
		if (n != 6 && n != 12 && n != 15 && n != 16 && n != 18) {
			return false;
		}
		for (int i = 0; i < n; i++) {
			char c = v.charAt(i);
			boolean ok = n == 16 && i == 12 ? c == 'R' || c == 'B' : c >= '0' && c <= '9';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	public static TerritoryCode of(String value) {
		return new TerritoryCode(value);
	}

	public static boolean isValid(String value) {
		try {
			new TerritoryCode(value);
			return true;
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	/** The level implied by the code's shape. */
	public TerritoryLevel level() {
		if (value.length() == 6) {
			return value.endsWith("00") ? TerritoryLevel.CITY : TerritoryLevel.DISTRICT;
		}
		if (value.length() == 12) {
			return value.endsWith("000") ? TerritoryLevel.STREET : TerritoryLevel.COMMUNITY;
		}
		if (value.length() == 15) {
			return TerritoryLevel.GRID;
		}
		if (value.length() == 18) {
			return TerritoryLevel.MICRO_GRID;
		}
		return value.charAt(12) == 'R' ? TerritoryLevel.COMPOUND : TerritoryLevel.COMMERCIAL_BUILDING;
	}

	/** The prefix that every code in this node's subtree starts with. */
	public String scopePrefix() {
		return switch (level()) {
			case CITY -> value.substring(0, 4);
			case DISTRICT -> value;
			case STREET -> value.substring(0, 9);
			default -> value;
		};
	}

	/** True when this code is the given node or lies in its subtree. */
	public boolean isWithin(TerritoryCode ancestor) {
		return value.startsWith(ancestor.scopePrefix());
	}

	/**
	 * True when a node of level {@code childLevel} with this code may hang under {@code parent}:
	 * the level is the one below the parent's and the code extends the parent's prefix.
	 */
	public boolean canBeChildOf(TerritoryCode parent) {
		return !equals(parent) && isWithin(parent) && level().parentLevel() == parent.level();
	}

	@Override
	public int compareTo(TerritoryCode o) {
		return value.compareTo(o.value);
	}

	@Override
	public String toString() {
		return value;
	}
}
