package org.civicloop.seal.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.civicloop.seal.SealAnomalyType;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seal rules as tables of cases, boundaries included. */
class SealRulesTests {

	static Instant beijing(String local) {
		return LocalDateTime.parse(local).atZone(ServiceHours.ZONE).toInstant();
	}

	// 2026-11-23 is a Monday, 2026-11-28 a Saturday
	@ParameterizedTest(name = "{0} {1} → {2}")
	@CsvSource({
			"08:00-18:00, 2026-11-23T07:59:59, false",
			"08:00-18:00, 2026-11-23T08:00:00, true",
			"08:00-18:00, 2026-11-23T12:00:00, true",
			"08:00-18:00, 2026-11-23T17:59:59, true",
			"08:00-18:00, 2026-11-23T18:00:00, false",
			"08:00-18:00, 2026-11-27T17:00:00, true",
			"08:00-18:00, 2026-11-28T10:00:00, false",
			"08:00-18:00, 2026-11-29T10:00:00, false",
			"08:30-17:30, 2026-11-23T08:29:00, false",
			"08:30-17:30, 2026-11-23T17:29:59, true" })
	void serviceHoursOnWorkingDays(String hours, String local, boolean within) {
		assertThat(ServiceHours.parse(hours, "MON-FRI").within(beijing(local))).isEqualTo(within);
	}

	@Test
	void serviceDaysParseRangesAndLists() {
		assertThat(ServiceHours.parseDays("MON-FRI")).hasSize(5);
		assertThat(ServiceHours.parseDays("SAT,SUN")).hasSize(2);
		assertThat(ServiceHours.parseDays("FRI-MON")).hasSize(4);
		assertThat(ServiceHours.parse("08:00-18:00", "MON-SUN").within(beijing("2026-11-28T10:00:00"))).isTrue();
		assertThatThrownBy(() -> ServiceHours.parse("18:00-08:00", "MON-FRI")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> ServiceHours.parse("8-18", "MON-FRI")).isInstanceOf(RuntimeException.class);
		assertThatThrownBy(() -> ServiceHours.parseDays("XX")).isInstanceOf(IllegalArgumentException.class);
	}

	static final Instant NBF = Instant.parse("2026-11-23T01:00:00Z");
	static final Instant EXP = Instant.parse("2026-11-24T01:00:00Z");

	@ParameterizedTest(name = "{0} used {1}/{2} at {3} → counted {4} completes {5} anomaly {6}")
	@CsvSource(nullValues = "-", value = {
			"SENT,         0, 3, 2026-11-23T02:00:00Z, true,  false, -",
			"ACKNOWLEDGED, 1, 3, 2026-11-23T02:00:00Z, true,  false, -",
			"IN_USE,       2, 3, 2026-11-23T02:00:00Z, true,  true,  -",
			"COMPLETED,    3, 3, 2026-11-23T02:00:00Z, false, false, BEYOND_AUTHORISATION",
			"IN_USE,       3, 3, 2026-11-23T02:00:00Z, false, false, BEYOND_AUTHORISATION",
			"IN_USE,       0, 1, 2026-11-23T01:00:00Z, true,  true,  -",
			"IN_USE,       0, 1, 2026-11-23T00:59:59Z, false, false, WITHOUT_AUTHORISATION",
			"IN_USE,       0, 1, 2026-11-24T00:59:59Z, true,  true,  -",
			"IN_USE,       0, 1, 2026-11-24T01:00:00Z, false, false, AFTER_EXPIRY",
			"EXPIRED,      1, 3, 2026-11-24T05:00:00Z, false, false, AFTER_EXPIRY",
			"EXPIRED,      1, 3, 2026-11-23T05:00:00Z, true,  false, -",
			"REJECTED,     0, 3, 2026-11-23T02:00:00Z, false, false, WITHOUT_AUTHORISATION",
			"CANCELLED,    0, 3, 2026-11-23T02:00:00Z, false, false, WITHOUT_AUTHORISATION" })
	void impressionsAgainstTheAuthorisation(AuthorisationState state, int used, int n, Instant at, boolean counted,
			boolean completes, SealAnomalyType anomaly) {
		ImpressionRule.Verdict v = ImpressionRule.judge(new ImpressionRule.Authorisation(state, n, used, NBF, EXP), at);
		assertThat(v.counted()).isEqualTo(counted);
		assertThat(v.completes()).isEqualTo(completes);
		assertThat(v.anomaly()).isEqualTo(anomaly);
	}

	@Test
	void anImpressionNamingNoAuthorisationIsFlagged() {
		assertThat(ImpressionRule.judge(null, NBF).anomaly()).isEqualTo(SealAnomalyType.WITHOUT_AUTHORISATION);
	}

	@ParameterizedTest(name = "photo {0} received {1} after {2}s → {3}")
	@CsvSource(nullValues = "-", value = {
			"-,      false, 0,   MISSING",
			"'',     false, 0,   MISSING",
			"abc,    true,  0,   OK",
			"abc,    true,  999, OK",
			"abc,    false, 0,   PENDING",
			"abc,    false, 299, PENDING",
			"abc,    false, 300, MISSING",
			"abc,    false, 301, MISSING" })
	void photosHaveAGracePeriod(String sha, boolean received, long seconds, PhotoRule.PhotoState expected) {
		Instant at = Instant.parse("2026-11-23T02:00:00Z");
		assertThat(PhotoRule.judge(sha, received, at, at.plusSeconds(seconds), Duration.ofMinutes(5))).isEqualTo(expected);
	}

	static Jurisdiction who(Role role, String code) {
		return new Jurisdiction(java.util.UUID.randomUUID(), "u", java.util.Set.of(role), java.util.Set.of(TerritoryCode.of(code)));
	}

	@Test
	void theSecretaryOfTheVillageAlwaysDecidesFirst() {
		ApprovalChain chain = ApprovalChain.parse("STREET_STAFF,VILLAGE_SECRETARY,DISCIPLINE_INSPECTOR,STREET_STAFF");
		assertThat(chain.steps()).containsExactly(Role.VILLAGE_SECRETARY, Role.STREET_STAFF, Role.DISCIPLINE_INSPECTOR);
		assertThat(ApprovalChain.parse("").steps()).containsExactly(Role.VILLAGE_SECRETARY);
		assertThat(chain.isLast(2)).isTrue();
		assertThat(chain.at(3)).isNull();
	}

	record Case(Role role, String boundTo, int step, boolean may) {
	}

	@Test
	void onlyTheRightPersonDecidesEachStep() {
		ApprovalChain chain = ApprovalChain.parse("VILLAGE_SECRETARY,STREET_STAFF");
		String xianyan = "330110112001";
		List<Case> cases = List.of(
				new Case(Role.VILLAGE_SECRETARY, xianyan, 0, true),
				new Case(Role.VILLAGE_SECRETARY, "330110112002", 0, false),
				new Case(Role.VILLAGE_CLERK, xianyan, 0, false),
				new Case(Role.ADMIN, "330100", 0, false),
				new Case(Role.STREET_STAFF, "330110112000", 0, false),
				new Case(Role.STREET_STAFF, "330110112000", 1, true),
				new Case(Role.STREET_STAFF, "330102014000", 1, false),
				new Case(Role.VILLAGE_SECRETARY, xianyan, 1, false),
				new Case(Role.STREET_STAFF, "330110112000", 2, false));
		for (Case c : cases) {
			assertThat(chain.mayDecide(who(c.role(), c.boundTo()), xianyan, c.step())).as(c.toString()).isEqualTo(c.may());
		}
	}

	@ParameterizedTest
	@CsvSource({ "'%PDF-1.4', application/pdf", "'GIF89a', ''" })
	void documentsAreSniffedNotTrusted(String head, String type) {
		assertThat(ApplicationService.sniff(head.getBytes())).isEqualTo(type.isEmpty() ? null : type);
	}

	@Test
	void pdfPagesAreCounted() {
		assertThat(ApplicationService.countPages("application/pdf", SealDemoData.MINIMAL_PDF)).isEqualTo(1);
		String two = "%PDF-1.4 <</Type /Pages /Count 2>> <</Type /Page>> <</Type/Page >>";
		assertThat(ApplicationService.countPages("application/pdf", two.getBytes())).isEqualTo(2);
		assertThat(ApplicationService.countPages("image/png", new byte[] { 1 })).isEqualTo(1);
		assertThat(ApplicationService.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0 })).isEqualTo("image/jpeg");
	}
}
