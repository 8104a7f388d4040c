package org.civicloop.workorder.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Places of open orders by category on a grid of cells in degrees, each cell a few arrays of
 * primitives (48 bytes an order, up to twice that while an array has room to grow): the data
 * structure of {@link OpenOrderIndex}, without the database. Distances are the Haversine formula
 * of the former SQL query ({@link #meters}), so the radius's boundary falls where it always did;
 * the cells only decide which places are measured. Safe for concurrent use: each cell is locked while read or written.
 */
final class OpenOrderGrid {

	static final double EARTH_RADIUS_M = 6_371_000;

	/** A place found: its order, how far, when it was filed (the tie-break) and where. */
	record Hit(UUID id, double meters, long submittedAt, double lat, double lng) {
	}

	private final double cell;
	private final int rows;
	private final int cols;
	private final Map<String, Map<Long, Cell>> byCategory = new ConcurrentHashMap<>();

	/** @param cellDegrees the cells' edge in degrees; about the usual search radius keeps a search to a few cells */
	OpenOrderGrid(double cellDegrees) {
		if (!(cellDegrees > 0) || cellDegrees > 90) {
			throw new IllegalArgumentException("cell edge out of range: " + cellDegrees);
		}
		this.cell = cellDegrees;
		this.rows = (int) Math.ceil(180 / cellDegrees) + 1;
		this.cols = (int) Math.ceil(360 / cellDegrees);
	}

	/** Adds an order's place; adding the same order at the same place again changes nothing. */
	void add(UUID id, String category, double lat, double lng, long submittedAt) {
		byCategory.computeIfAbsent(category, c -> new ConcurrentHashMap<>())
			.computeIfAbsent(key(row(lat), col(lng)), k -> new Cell())
			.put(id.getMostSignificantBits(), id.getLeastSignificantBits(), lat, lng, submittedAt);
	}

	/** Forgets an order at its place; whether it was there. */
	boolean remove(UUID id, String category, double lat, double lng) {
		Map<Long, Cell> g = byCategory.get(category);
		Cell c = g == null ? null : g.get(key(row(lat), col(lng)));
		return c != null && c.remove(id.getMostSignificantBits(), id.getLeastSignificantBits());
	}

	int size() {
		int n = 0;
		for (Map<Long, Cell> g : byCategory.values()) {
			for (Cell c : g.values()) {
				n += c.size();
			}
		}
		return n;
	}

	/**
	 * The (at most) {@code limit} places of the category within {@code meters} of (lat, lng), nearest
	 * first, the earlier filed first at equal distance, without {@code exclude}.
	 */
	List<Hit> nearest(String category, double lat, double lng, double meters, int limit, UUID exclude) {
		Map<Long, Cell> g = byCategory.get(category);
		if (g == null || limit <= 0 || !(meters >= 0)) {
			return List.of();
		}
		// the bounding box of the spherical cap, widened a little against rounding
		double d = meters / EARTH_RADIUS_M * 1.000001;
		double dLat = Math.toDegrees(d) + 1e-9;
		Best best = new Best(limit, lat, lng, meters, dLat, exclude);
		int rowMin = row(Math.max(-90, lat - dLat));
		int rowMax = row(Math.min(90, lat + dLat));
		double s = Math.sin(d) / Math.cos(Math.toRadians(lat));
		boolean allLongitudes = lat - dLat <= -90 || lat + dLat >= 90 || !(s < 1);
		double dLng = allLongitudes ? 180 : Math.toDegrees(Math.asin(s)) * 1.000001 + 1e-9;
		if (allLongitudes || dLng >= 180) {
			scanRows(g, rowMin, rowMax, 0, cols - 1, best);
		}
		else {
			double west = lng - dLng;
			double east = lng + dLng;
			if (west < -180) {
				scan(g, rowMin, rowMax, col(west + 360), cols - 1, best);
				scan(g, rowMin, rowMax, 0, col(east), best);
			}
			else if (east >= 180) {
				scan(g, rowMin, rowMax, col(west), cols - 1, best);
				scan(g, rowMin, rowMax, 0, col(east - 360), best);
			}
			else if (moreCellsThanTheCategory(g, rowMin, rowMax, col(west), col(east))) {
				scanRows(g, rowMin, rowMax, col(west), col(east), best);
			}
			else {
				rings(g, lat, lng, dLat, rowMin, rowMax, col(west), col(east), best);
			}
		}
		return best.list();
	}

	/**
	 * Visits the cells of a box ring by ring around the place's own cell, and stops once the nearest
	 * {@code limit} found are all nearer than anything outside the rings visited can be. Where orders
	 * are dense (a street of a busy district) the nearest ten lie in the first cells and the rest of
	 * the radius is never read: with cells a quarter of the radius, a search measured about 70 places
	 * instead of the 1,000 of the whole radius.
	 */
	private void rings(Map<Long, Cell> g, double lat, double lng, double dLat, int rowMin, int rowMax, int colMin,
			int colMax, Best best) {
		int r0 = Math.min(rowMax, Math.max(rowMin, row(lat)));
		int c0 = Math.min(colMax, Math.max(colMin, col(lng)));
		int kMax = Math.max(Math.max(r0 - rowMin, rowMax - r0), Math.max(c0 - colMin, colMax - c0));
		// a place within the radius is no farther from the equator than this: the smallest cosine
		// of its latitude bounds how near a longitude difference lets it be
		double cosFar = Math.cos(Math.toRadians(Math.min(90, Math.max(Math.abs(lat - dLat), Math.abs(lat + dLat)))));
		double cosBoth = Math.sqrt(Math.max(0, best.cosLat * cosFar));
		for (int k = 0; k <= kMax; k++) {
			for (int r = r0 - k; r <= r0 + k; r++) {
				if (r < rowMin || r > rowMax) {
					continue;
				}
				// the whole row at the ring's top and bottom, only its two ends in between
				int step = (r == r0 - k || r == r0 + k) ? 1 : Math.max(1, 2 * k);
				for (int c = c0 - k; c <= c0 + k; c += step) {
					if (c >= colMin && c <= colMax) {
						Cell cell = g.get(key(r, c));
						if (cell != null) {
							cell.offer(best);
						}
					}
				}
			}
			if (best.full() && best.farthest() < beyond(lat, lng, r0 - k, r0 + k, c0 - k, c0 + k, cosBoth)) {
				return;
			}
		}
	}

	/**
	 * How near to (lat, lng) a place within the radius can be if it is outside the cells of rows
	 * {@code rMin..rMax} and columns {@code cMin..cMax} (a lower bound, a little lowered against
	 * rounding): a latitude difference alone gives its meridian arc, a longitude difference at
	 * least what the Haversine term's second half allows with the smaller cosine.
	 */
	private double beyond(double lat, double lng, int rMin, int rMax, int cMin, int cMax, double cosBoth) {
		double south = lat - (rMin * cell - 90);
		double north = ((rMax + 1) * cell - 90) - lat;
		double west = lng - (cMin * cell - 180);
		double east = ((cMax + 1) * cell - 180) - lng;
		double byLat = Math.toRadians(Math.min(south, north)) * EARTH_RADIUS_M;
		double dLng = Math.min(180, Math.min(west, east));
		double byLng = 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, cosBoth * Math.sin(Math.toRadians(dLng) / 2)));
		return Math.min(byLat, byLng) * (1 - 1e-9) - 1e-6;
	}

	/** Visits the cells of a box, by key when it holds fewer cells than the category has, else every cell. */
	private void scan(Map<Long, Cell> g, int rowMin, int rowMax, int colMin, int colMax, Best best) {
		if (moreCellsThanTheCategory(g, rowMin, rowMax, colMin, colMax)) {
			scanRows(g, rowMin, rowMax, colMin, colMax, best);
			return;
		}
		for (int r = rowMin; r <= rowMax; r++) {
			for (int c = colMin; c <= colMax; c++) {
				Cell cell = g.get(key(r, c));
				if (cell != null) {
					cell.offer(best);
				}
			}
		}
	}

	/** Whether a box holds more cells than the category has: then reading them all is cheaper than looking each up. */
	private static boolean moreCellsThanTheCategory(Map<Long, Cell> g, int rowMin, int rowMax, int colMin, int colMax) {
		return (long) (rowMax - rowMin + 1) * (colMax - colMin + 1) > g.size();
	}

	private void scanRows(Map<Long, Cell> g, int rowMin, int rowMax, int colMin, int colMax, Best best) {
		for (Map.Entry<Long, Cell> e : g.entrySet()) {
			int r = (int) (e.getKey() / cols);
			int c = (int) (e.getKey() % cols);
			if (r >= rowMin && r <= rowMax && c >= colMin && c <= colMax) {
				e.getValue().offer(best);
			}
		}
	}

	private int row(double lat) {
		return Math.min(rows - 1, Math.max(0, (int) Math.floor((lat + 90) / cell)));
	}

	private int col(double lng) {
		double x = lng >= 180 ? lng - 360 : lng < -180 ? lng + 360 : lng;
		return Math.min(cols - 1, Math.max(0, (int) Math.floor((x + 180) / cell)));
	}

	/**
	 * Row-major, not row and column in the two halves of the long: Long.hashCode is then row ^ col,
	 * which is the same for many cells near one another, and the maps' bins turned into trees.
	 */
	private long key(int row, int col) {
		return (long) row * cols + col;
	}

	/**
	 * The great-circle distance in meters, written as the SQL query wrote it (differences in
	 * degrees, then radians), so that a place at the boundary is in or out as it was.
	 */
	static double meters(double lat1, double lng1, double lat2, double lng2) {
		double a = Math.pow(Math.sin(Math.toRadians(lat2 - lat1) / 2), 2) + Math.cos(Math.toRadians(lat1))
				* Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(Math.toRadians(lng2 - lng1) / 2), 2);
		return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
	}

	/** The nearest so far, kept sorted (a handful: insertion into an array is the cheapest). */
	private static final class Best {

		final int limit;
		final double lat, lng, meters, dLat, cosLat, aMax;
		final long exHi, exLo;
		final boolean exclude;
		final long[] hi, lo, at;
		final double[] dist, pLats, pLngs;
		int n;

		Best(int limit, double lat, double lng, double meters, double dLat, UUID exclude) {
			this.limit = limit;
			this.dLat = dLat;
			this.cosLat = Math.cos(Math.toRadians(lat));
			// the Haversine term of the radius, a little more: below it a place is measured exactly
			double h = Math.sin(meters / EARTH_RADIUS_M / 2);
			this.aMax = h * h * (1 + 1e-9) + 1e-18;
			this.lat = lat;
			this.lng = lng;
			this.meters = meters;
			this.exclude = exclude != null;
			this.exHi = exclude == null ? 0 : exclude.getMostSignificantBits();
			this.exLo = exclude == null ? 0 : exclude.getLeastSignificantBits();
			this.hi = new long[limit];
			this.lo = new long[limit];
			this.at = new long[limit];
			this.dist = new double[limit];
			this.pLats = new double[limit];
			this.pLngs = new double[limit];
		}

		void offer(long h, long l, double pLat, double pLng, double pCos, long submitted) {
			// a place farther north or south than the radius is out whatever its longitude: no trigonometry
			if (Math.abs(pLat - lat) > dLat || (exclude && h == exHi && l == exLo)) {
				return;
			}
			// the Haversine term with the cosines at hand rules out most of the rest without asin and sqrt
			double s1 = Math.sin(Math.toRadians(pLat - lat) / 2);
			double s2 = Math.sin(Math.toRadians(pLng - lng) / 2);
			if (s1 * s1 + cosLat * pCos * s2 * s2 > aMax) {
				return;
			}
			double m = meters(lat, lng, pLat, pLng);
			if (!(m <= meters)) {
				return;
			}
			if (n == limit && !before(m, submitted, n - 1)) {
				return;
			}
			int i = n == limit ? n - 1 : n++;
			while (i > 0 && before(m, submitted, i - 1)) {
				hi[i] = hi[i - 1];
				lo[i] = lo[i - 1];
				at[i] = at[i - 1];
				dist[i] = dist[i - 1];
				pLats[i] = pLats[i - 1];
				pLngs[i] = pLngs[i - 1];
				i--;
			}
			hi[i] = h;
			lo[i] = l;
			at[i] = submitted;
			dist[i] = m;
			pLats[i] = pLat;
			pLngs[i] = pLng;
		}

		boolean full() {
			return n == limit;
		}

		/** The distance of the last of the nearest so far. */
		double farthest() {
			return dist[n - 1];
		}

		private boolean before(double m, long submitted, int i) {
			return m < dist[i] || (m == dist[i] && submitted < at[i]);
		}

		List<Hit> list() {
			List<Hit> out = new ArrayList<>(n);
			for (int i = 0; i < n; i++) {
				out.add(new Hit(new UUID(hi[i], lo[i]), dist[i], at[i], pLats[i], pLngs[i]));
			}
			return out;
		}
	}

	/** One cell's places of one category: parallel arrays, grown by doubling, removal by swapping in the last. */
	private static final class Cell {

		private long[] hi = new long[4], lo = new long[4], at = new long[4];
		private double[] lat = new double[4], lng = new double[4], cos = new double[4];
		private int n;

		synchronized void put(long h, long l, double pLat, double pLng, long submitted) {
			int i = indexOf(h, l);
			if (i < 0) {
				if (n == hi.length) {
					int size = n * 2;
					hi = Arrays.copyOf(hi, size);
					lo = Arrays.copyOf(lo, size);
					at = Arrays.copyOf(at, size);
					lat = Arrays.copyOf(lat, size);
					lng = Arrays.copyOf(lng, size);
					cos = Arrays.copyOf(cos, size);
				}
				i = n++;
				hi[i] = h;
				lo[i] = l;
			}
			at[i] = submitted;
			lat[i] = pLat;
			lng[i] = pLng;
			cos[i] = Math.cos(Math.toRadians(pLat));
		}

		synchronized boolean remove(long h, long l) {
			int i = indexOf(h, l);
			if (i < 0) {
				return false;
			}
			n--;
			hi[i] = hi[n];
			lo[i] = lo[n];
			at[i] = at[n];
			lat[i] = lat[n];
			lng[i] = lng[n];
			cos[i] = cos[n];
			return true;
		}

		synchronized int size() {
			return n;
		}

		synchronized void offer(Best best) {
			for (int i = 0; i < n; i++) {
				best.offer(hi[i], lo[i], lat[i], lng[i], cos[i], at[i]);
			}
		}

		private int indexOf(long h, long l) {
			for (int i = 0; i < n; i++) {
				if (lo[i] == l && hi[i] == h) {
					return i;
				}
			}
			return -1;
		}
	}
}
