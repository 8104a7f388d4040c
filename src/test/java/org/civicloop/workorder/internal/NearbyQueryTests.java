package org.civicloop.workorder.internal;

import java.util.List;
import java.util.UUID;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nearby-duplicates query (V83's nearest-first index scan, then the radius): which open orders
 * of the category it suggests, at the radius's boundary, at any latitude and across the
 * antimeridian, and that it returns the ten nearest when more lie within the radius. Each case uses
 * a place of its own, far from the demo data and from the other cases.
 */
@CivicLoopTest
class NearbyQueryTests {

	static final String COMPOUND = "330102014001R001";
	static final double R = 6_371_000;

	@Autowired
	WorkOrderService service;

	@Autowired
	WorkOrderQueries queries;

	@Autowired
	JdbcClient jdbc;

	WorkOrder file(String category, double lat, double lng) {
		return service.submitOrder(new NewWorkOrder(category, "nearby test", COMPOUND, lat, lng, null, Channel.HOTLINE,
				null, false, null, null, null, null, null), "tester");
	}

	List<UUID> nearby(String category, double lat, double lng) {
		return queries.nearbyOpen(category, lat, lng, 200, null).stream().map(WorkOrderQueries.Nearby::id).toList();
	}

	@ParameterizedTest(name = "lat {0}, lng {1}, {2} m at {3}°: suggested {4}")
	@CsvSource({
			// the radius is 200 m: its boundary, from inside and outside
			"-40.0, 60.0, 199.5, 0, true", "-40.1, 60.0, 200.5, 0, false",
			"-40.2, 60.0, 199.5, 90, true", "-40.3, 60.0, 200.5, 270, false",
			"-40.4, 60.0, 0, 0, true",
			// the equator, high latitudes (a degree of longitude is 1.9 km at 89°), a pole
			"0.0, 61.0, 150, 45, true", "0.0, 61.1, 250, 45, false",
			"70.0, 62.0, 190, 100, true", "89.0, 63.0, 180, 200, true", "89.0, 64.0, 220, 200, false",
			"-89.999, 65.0, 150, 0, true",
			// across the antimeridian: 179.999° E and 179.999° W are 222 m apart at the equator, 111 m at 60°
			"60.0, 179.999, 120, 90, true", "-30.0, -179.9995, 150, 270, true" })
	void aPlaceIsSuggestedWithinTheRadiusOnly(double lat, double lng, double meters, double bearing, boolean suggested) {
		double[] p = destination(lat, lng, bearing, meters);
		WorkOrder o = file("street-light", p[0], p[1]);
		List<WorkOrderQueries.Nearby> found = queries.nearbyOpen("street-light", lat, lng, 200, null);
		assertThat(found.stream().anyMatch(n -> n.id().equals(o.id()))).isEqualTo(suggested);
		found.stream()
			.filter(n -> n.id().equals(o.id()))
			.forEach(n -> assertThat(n.meters()).isCloseTo((int) Math.round(meters), org.assertj.core.data.Offset.offset(1)));
	}

	@Test
	void onlyOpenOrdersOfTheSameCategoryOtherThanTheOrderItself() {
		double lat = -41.0, lng = 70.0;
		WorkOrder same = file("street-light", lat, lng + 0.0005);
		WorkOrder self = file("street-light", lat, lng);
		WorkOrder otherCategory = file("garbage", lat, lng + 0.0001);
		WorkOrder closed = file("street-light", lat + 0.0001, lng);
		jdbc.sql("UPDATE workorder_order SET state = 'CLOSED' WHERE id = :id").param("id", closed.id()).update();

		assertThat(queries.nearbyOpen("street-light", lat, lng, 200, self.id())).extracting(WorkOrderQueries.Nearby::id)
			.containsExactly(same.id());
		assertThat(nearby("street-light", lat, lng)).containsExactlyInAnyOrder(same.id(), self.id());
		assertThat(nearby("garbage", lat, lng)).containsExactly(otherCategory.id());
	}

	@Test
	void anOrderMovedToAnotherCategoryBehindTheIndexsBackIsNotSuggestedForTheOldOne() {
		double lat = -41.5, lng = 70.0;
		WorkOrder moved = file("street-light", lat, lng + 0.0002);
		WorkOrder stays = file("street-light", lat, lng + 0.0004);
		// as another instance (or a hand in the database) would: this instance's index still has it
		jdbc.sql("UPDATE workorder_order SET category_code = 'garbage' WHERE id = :id").param("id", moved.id()).update();

		assertThat(nearby("street-light", lat, lng)).containsExactly(stays.id());
		// and it was forgotten: back in its old category in the database, the index no longer proposes it
		jdbc.sql("UPDATE workorder_order SET category_code = 'street-light' WHERE id = :id").param("id", moved.id()).update();
		assertThat(nearby("street-light", lat, lng)).containsExactly(stays.id());
	}

	@Test
	void theTenNearestNearestFirstWhenMoreLieWithinTheRadius() {
		double lat = -42.0, lng = 80.0;
		UUID[] byDistance = new UUID[14];
		// filed in a shuffled order, at 10, 20, … 140 m in various directions
		for (int i : new int[] { 7, 2, 12, 0, 9, 4, 13, 1, 6, 11, 3, 8, 10, 5 }) {
			double[] p = destination(lat, lng, i * 47, 10 * (i + 1));
			byDistance[i] = file("noise", p[0], p[1]).id();
		}
		assertThat(nearby("noise", lat, lng)).containsExactly(java.util.Arrays.copyOf(byDistance, 10));
	}

	/** The point at {@code meters} from (lat, lng) on the given initial bearing (great circle). */
	static double[] destination(double lat, double lng, double bearingDeg, double meters) {
		double d = meters / R, b = Math.toRadians(bearingDeg), f1 = Math.toRadians(lat), l1 = Math.toRadians(lng);
		double f2 = Math.asin(Math.sin(f1) * Math.cos(d) + Math.cos(f1) * Math.sin(d) * Math.cos(b));
		double l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(f1), Math.cos(d) - Math.sin(f1) * Math.sin(f2));
		double lngDeg = Math.toDegrees(l2);
		return new double[] { Math.toDegrees(f2), lngDeg > 180 ? lngDeg - 360 : lngDeg < -180 ? lngDeg + 360 : lngDeg };
	}
}
