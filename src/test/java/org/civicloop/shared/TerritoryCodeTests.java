package org.civicloop.shared;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TerritoryCodeTests {

	@ParameterizedTest(name = "{0} is a {1}")
	@CsvSource({
			"330100, CITY",
			"330102, DISTRICT",
			"330182, DISTRICT",
			"330102014000, STREET",
			"330102014001, COMMUNITY",
			"330110112001, COMMUNITY",
			"330102014001001, GRID",
			"330102014001001001, MICRO_GRID",
			"330102014001R001, COMPOUND",
			"330102014001B109, COMMERCIAL_BUILDING" })
	void validShapesAndTheirLevels(String code, TerritoryLevel level) {
		assertThat(TerritoryCode.isValid(code)).isTrue();
		assertThat(TerritoryCode.of(code).level()).isEqualTo(level);
	}

	@ParameterizedTest(name = "''{0}'' is not a territory code")
	@ValueSource(strings = { "", "3301", "33010", "3301020", "33010201400", "3301020140001", "33010201400100",
			"3301020140010010", "3301020140010010011", // lengths between and beyond the known shapes
			"330000", // a province
			"330102000000", // a county written as 12 digits
			"000100", "001234567890", // leading 00
			"330102014001X001", "330102014001R01", "330102014001r001", "330102014001RR01", "33010201400AR001",
			"33O100", " 330100", "330100 ", "３３０１００" })
	void invalidShapes(String code) {
		assertThat(TerritoryCode.isValid(code)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> TerritoryCode.of(code));
	}

	@Test
	void nullIsNotACode() {
		assertThat(TerritoryCode.isValid(null)).isFalse();
	}

	@ParameterizedTest(name = "{0} → prefix {1}")
	@CsvSource({
			"330100, 3301",
			"330102, 330102",
			"330102014000, 330102014",
			"330102014001, 330102014001",
			"330102014001001, 330102014001001",
			"330102014001001001, 330102014001001001",
			"330102014001R001, 330102014001R001" })
	void scopePrefix(String code, String prefix) {
		assertThat(TerritoryCode.of(code).scopePrefix()).isEqualTo(prefix);
	}

	@ParameterizedTest(name = "{0} within {1}: {2}")
	@CsvSource({
			// the city covers every district and what lies below
			"330102, 330100, true",
			"330182, 330100, true",
			"330102014001R001, 330100, true",
			"330100, 330100, true",
			// but not another city's districts
			"330203, 330100, false",
			"330200, 330100, false",
			// a district covers its streets only, not a neighbour whose code shares digits
			"330102014000, 330102, true",
			"330103001000, 330102, false",
			"330110112000, 330102, false",
			"330102, 330110, false",
			"330110112001, 330110, true",
			"330111004001, 330110, false",
			// a street covers its communities, compounds, grids; not the next street
			"330102014001, 330102014000, true",
			"330102014001R001, 330102014000, true",
			"330102014011B001, 330102014000, true",
			"330102014001001001, 330102014000, true",
			"330102015001, 330102014000, false",
			"330102015000, 330102014000, false",
			"330102, 330102014000, false",
			// a community covers only itself and below, not a community with a longer number
			"330102014001001, 330102014001, true",
			"330102014001R001, 330102014001, true",
			"330102014011, 330102014001, false",
			"330102014002R001, 330102014001, false",
			"330102014000, 330102014001, false",
			// a grid covers its micro-grids but not the community's compounds
			"330102014001001002, 330102014001001, true",
			"330102014001002001, 330102014001001, false",
			"330102014001R001, 330102014001001, false",
			// a compound (the resident's root) covers only itself
			"330102014001R001, 330102014001R001, true",
			"330102014001R002, 330102014001R001, false",
			"330102014001, 330102014001R001, false" })
	void isWithin(String code, String ancestor, boolean within) {
		assertThat(TerritoryCode.of(code).isWithin(TerritoryCode.of(ancestor))).isEqualTo(within);
	}

	@ParameterizedTest(name = "{0} child of {1}: {2}")
	@CsvSource({
			"330102, 330100, true",
			"330102014000, 330102, true",
			"330102014001, 330102014000, true",
			"330102014001001, 330102014001, true",
			"330102014001001001, 330102014001001, true",
			"330102014001R001, 330102014001, true",
			"330102014001B001, 330102014001, true",
			// skipping a level
			"330102014000, 330100, false",
			"330102014001, 330102, false",
			"330102014001001001, 330102014001, false",
			// right level, wrong branch
			"330102015001, 330102014000, false",
			"330105012001, 330102014000, false",
			"330102014002001, 330102014001, false",
			// not under itself nor upwards
			"330102, 330102, false",
			"330100, 330102, false",
			"330102014000, 330102014001, false",
			// compounds and buildings sit in communities, not in grids
			"330102014001R001, 330102014001001, false" })
	void canBeChildOf(String code, String parent, boolean expected) {
		assertThat(TerritoryCode.of(code).canBeChildOf(TerritoryCode.of(parent))).isEqualTo(expected);
	}

	@Test
	void levelsAboveGridAreThePublicDivisions() {
		assertThat(TerritoryLevel.values()).filteredOn(TerritoryLevel::isPublicDivision)
			.containsExactly(TerritoryLevel.CITY, TerritoryLevel.DISTRICT, TerritoryLevel.STREET, TerritoryLevel.COMMUNITY);
	}

	@Test
	void jurisdictionCoversTheSubtreesOfItsRoots() {
		Jurisdiction sjq = new Jurisdiction(UUID.randomUUID(), "sjq", Set.of(Role.STREET_STAFF),
				Set.of(TerritoryCode.of("330102014000")));
		assertThat(sjq.covers("330102014001R001")).isTrue();
		assertThat(sjq.covers("330102015001")).isFalse();
		assertThat(sjq.covers("not-a-code")).isFalse();
		assertThat(sjq.covers((String) null)).isFalse();
		assertThat(sjq.likePatterns()).containsExactly("330102014%");
		assertThat(Jurisdiction.NONE.covers("330100")).isFalse();
		assertThat(Jurisdiction.NONE.likePatterns()).isEmpty();
	}
}
