package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grid of {@link OpenOrderIndex} on its own: the radius's boundary at any latitude and across
 * the antimeridian, the order of what it finds, and the same answers as measuring every place.
 */
class OpenOrderGridTests {

	/** Cells of 50 m, as {@link OpenOrderIndex} makes them for the default radius of 200 m. */
	final OpenOrderGrid grid = new OpenOrderGrid(cells(50));

	static double cells(double meters) {
		return Math.toDegrees(meters / OpenOrderGrid.EARTH_RADIUS_M);
	}

	List<UUID> ids(List<OpenOrderGrid.Hit> hits) {
		return hits.stream().map(OpenOrderGrid.Hit::id).toList();
	}

	@ParameterizedTest(name = "lat {0}, lng {1}, {2} m at {3}°: found {4}")
	@CsvSource({
			// the radius is 200 m: its boundary, from inside and outside
			"30.25, 120.2, 199.99, 0, true", "30.25, 120.2, 200.01, 0, false",
			"30.25, 120.2, 199.99, 90, true", "30.25, 120.2, 200.01, 270, false",
			"30.25, 120.2, 0, 0, true",
			// the equator, high latitudes (a degree of longitude is 1.9 km at 89°), the poles
			"0.0, 61.0, 150, 45, true", "0.0, 61.1, 250, 45, false",
			"70.0, 62.0, 190, 100, true", "89.0, 63.0, 180, 200, true", "89.0, 64.0, 220, 200, false",
			"-89.999, 65.0, 150, 0, true", "89.9995, -10.0, 120, 180, true", "89.9995, -10.0, 260, 180, false",
			// across the antimeridian: 179.999° E and 179.999° W are 222 m apart at the equator, 111 m at 60°
			"60.0, 179.999, 120, 90, true", "-30.0, -179.9995, 150, 270, true", "0.0, 179.9999, 199, 90, true",
			"0.0, -179.9999, 201, 270, false" })
	void aPlaceIsFoundWithinTheRadiusOnly(double lat, double lng, double meters, double bearing, boolean found) {
		double[] p = NearbyQueryTests.destination(lat, lng, bearing, meters);
		UUID id = UUID.randomUUID();
		grid.add(id, "street-light", p[0], p[1], 0);
		List<OpenOrderGrid.Hit> hits = grid.nearest("street-light", lat, lng, 200, 10, null);
		assertThat(ids(hits).contains(id)).isEqualTo(found);
		hits.forEach(h -> assertThat(h.meters()).isCloseTo(meters, org.assertj.core.data.Offset.offset(0.01)));
	}

	@Test
	void nearestFirstThenEarliestFiledAtMostTheLimitOfTheCategoryOnly() {
		double lat = 30.25, lng = 120.2;
		UUID[] byDistance = new UUID[14];
		for (int i : new int[] { 7, 2, 12, 0, 9, 4, 13, 1, 6, 11, 3, 8, 10, 5 }) {
			double[] p = NearbyQueryTests.destination(lat, lng, i * 47, 10 * (i + 1));
			byDistance[i] = UUID.randomUUID();
			grid.add(byDistance[i], "noise", p[0], p[1], 1000 - i);
		}
		grid.add(UUID.randomUUID(), "garbage", lat, lng, 0);
		assertThat(ids(grid.nearest("noise", lat, lng, 200, 10, null))).containsExactly(java.util.Arrays.copyOf(byDistance, 10));
		assertThat(ids(grid.nearest("noise", lat, lng, 200, 3, byDistance[0]))).containsExactly(byDistance[1], byDistance[2],
				byDistance[3]);
		assertThat(grid.nearest("parking", lat, lng, 200, 10, null)).isEmpty();

		// at the same place, the one filed first comes first
		OpenOrderGrid same = new OpenOrderGrid(0.002);
		UUID later = UUID.randomUUID(), earlier = UUID.randomUUID();
		same.add(later, "noise", lat, lng, 2000);
		same.add(earlier, "noise", lat, lng, 1000);
		assertThat(ids(same.nearest("noise", lat, lng, 50, 10, null))).containsExactly(earlier, later);
	}

	@Test
	void addingTwiceKeepsOneAndRemovingForgets() {
		UUID id = UUID.randomUUID();
		grid.add(id, "noise", 30.25, 120.2, 0);
		grid.add(id, "noise", 30.25, 120.2, 0);
		assertThat(grid.size()).isOne();
		assertThat(grid.remove(id, "garbage", 30.25, 120.2)).isFalse();
		assertThat(grid.remove(id, "noise", 30.25, 120.2)).isTrue();
		assertThat(grid.remove(id, "noise", 30.25, 120.2)).isFalse();
		assertThat(grid.nearest("noise", 30.25, 120.2, 200, 10, null)).isEmpty();
		assertThat(grid.size()).isZero();
	}

	/**
	 * Thousands of places, some dense (one street, a hundred meters of it denser still, some at the
	 * very same place), some spread over the world, queried with radii from 0 to 50 km (many cells,
	 * or more cells than the category has), on cells as wide as the radius, a quarter of it and far
	 * smaller (the search stops early after few or many rings): the grid finds exactly what
	 * measuring every place finds.
	 */
	@ParameterizedTest(name = "cells of {0} m")
	@ValueSource(doubles = { 200, 50, 5 })
	void findsWhatMeasuringEveryPlaceFinds(double cellMeters) {
		OpenOrderGrid grid = new OpenOrderGrid(cells(cellMeters));
		Random random = new Random(42);
		record Place(UUID id, String category, double lat, double lng, long at) {
		}
		List<Place> places = new ArrayList<>();
		String[] categories = { "noise", "garbage", "road" };
		for (int i = 0; i < 9000; i++) {
			boolean dense = i % 3 != 0;
			boolean denser = i >= 6000;
			double lat = denser ? 30.25 + random.nextDouble() * 0.001
					: dense ? 30.24 + random.nextDouble() * 0.03 : -89.9 + random.nextDouble() * 179.8;
			double lng = denser ? 120.2 + random.nextDouble() * 0.001
					: dense ? 120.19 + random.nextDouble() * 0.025 : -180 + random.nextDouble() * 360;
			if (i % 5 == 4) {
				// at the same place as the one before, filed at another time: equal distances
				lat = places.get(i - 1).lat();
				lng = places.get(i - 1).lng();
			}
			Place p = new Place(UUID.randomUUID(), categories[i % 3], lat, lng, random.nextInt(1000));
			places.add(p);
			grid.add(p.id(), p.category(), p.lat(), p.lng(), p.at());
		}
		// some removed again
		for (int i = 0; i < places.size(); i += 7) {
			Place p = places.get(i);
			assertThat(grid.remove(p.id(), p.category(), p.lat(), p.lng())).isTrue();
		}
		List<Place> present = new ArrayList<>();
		for (int i = 0; i < places.size(); i++) {
			if (i % 7 != 0) {
				present.add(places.get(i));
			}
		}
		double[] radii = { 0, 50, 200, 1000, 50_000 };
		for (int q = 0; q < 450; q++) {
			double lat = q % 3 == 2 ? 30.2495 + random.nextDouble() * 0.002
					: q % 3 == 0 ? 30.24 + random.nextDouble() * 0.03 : -89.99 + random.nextDouble() * 179.98;
			double lng = q % 3 == 2 ? 120.1995 + random.nextDouble() * 0.002
					: q % 3 == 0 ? 120.19 + random.nextDouble() * 0.025 : -180 + random.nextDouble() * 360;
			double r = radii[q % radii.length];
			String category = categories[(q / 3) % 3];
			List<UUID> expected = present.stream()
				.filter(p -> p.category().equals(category))
				.filter(p -> OpenOrderGrid.meters(lat, lng, p.lat(), p.lng()) <= r)
				.sorted(Comparator.comparingDouble((Place p) -> OpenOrderGrid.meters(lat, lng, p.lat(), p.lng()))
					.thenComparingLong(Place::at))
				.limit(10)
				.map(Place::id)
				.toList();
			assertThat(ids(grid.nearest(category, lat, lng, r, 10, null))).as("query %d at %f, %f within %f m", q, lat, lng, r)
				.containsExactlyElementsOf(expected);
		}
	}
}
