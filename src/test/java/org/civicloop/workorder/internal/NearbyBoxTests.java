package org.civicloop.workorder.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The box that pre-filters the nearby-duplicates query holds the whole circle the query measures
 * (same sphere, R = 6371 km), and is not much larger than it: every point at exactly the radius, in
 * every direction, lies inside; the box's height is within 1 % of the circle's.
 */
class NearbyBoxTests {

	static final double R = 6_371_000;

	@ParameterizedTest(name = "lat {0}, {1} m")
	@CsvSource({ "0, 200", "30.25, 200", "30.25, 1", "30.25, 5000", "-45, 200", "60, 200", "84, 2000", "-89.5, 200",
			"30.25, 50000" })
	void theCircleFitsInTheBox(double lat, double meters) {
		double dLat = WorkOrderQueries.boxLat(meters);
		double dLng = WorkOrderQueries.boxLng(lat, meters);
		for (int bearing = 0; bearing < 360; bearing++) {
			double[] p = destination(lat, 120.2, bearing, meters);
			assertThat(Math.abs(p[0] - lat)).as("lat at bearing %d", bearing).isLessThanOrEqualTo(dLat);
			double dl = Math.abs(p[1] - 120.2);
			assertThat(Math.min(dl, 360 - dl)).as("lng at bearing %d", bearing).isLessThanOrEqualTo(dLng);
		}
		assertThat(dLat).isLessThanOrEqualTo(1.01 * Math.toDegrees(meters / R));
	}

	/** The point at {@code meters} from (lat, lng) on the given initial bearing (great circle). */
	static double[] destination(double lat, double lng, double bearingDeg, double meters) {
		double d = meters / R, b = Math.toRadians(bearingDeg), f1 = Math.toRadians(lat), l1 = Math.toRadians(lng);
		double f2 = Math.asin(Math.sin(f1) * Math.cos(d) + Math.cos(f1) * Math.sin(d) * Math.cos(b));
		double l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(f1), Math.cos(d) - Math.sin(f1) * Math.sin(f2));
		return new double[] { Math.toDegrees(f2), Math.toDegrees(l2) };
	}
}
