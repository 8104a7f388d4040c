package org.civicloop.shared;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTests {

	@Test
	void versionSevenVariantTwoWithTheMillisecondsInFront() {
		long t = 1_764_288_000_123L; // 2025-11-28T00:00:00.123Z
		UUID id = TimeOrderedIds.at(t);
		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(t);
		assertThat(id.toString()).startsWith("019ac7c2-707b-7").hasSize(36);
	}

	@Test
	void laterMillisecondsSortLaterAsPostgresComparesThem() {
		// PostgreSQL orders uuid by its 16 bytes as unsigned; so does this (msb first, unsigned)
		UUID earlier = TimeOrderedIds.at(1_000_000_000_000L);
		UUID later = TimeOrderedIds.at(1_000_000_000_001L);
		assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
		UUID farLater = TimeOrderedIds.at(0xFFFF_FFFF_FFFFL);
		assertThat(Long.compareUnsigned(later.getMostSignificantBits(), farLater.getMostSignificantBits())).isNegative();
	}

	@Test
	void idsOfTheSameMillisecondDiffer() {
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(TimeOrderedIds.at(42));
		}
		assertThat(ids).hasSize(10_000);
	}
}
