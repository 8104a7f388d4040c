package org.civicloop.workorder.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.civicloop.territory.TerritoryNode;
import org.civicloop.workorder.sla.WorkingCalendar;

/**
 * Generates realistic requests in bulk: binary-free COPY (text format) into {@code workorder_order}
 * with the roll-up trigger switched off for the batch's transaction and the batch's roll-up sums,
 * computed alongside in memory, added to the roll-ups by the platform's own fold (V80) in the same
 * transaction.
 * No timeline rows, notes or audit entries: this is load data for the dashboard and list benchmarks.
 * Places are territory nodes weighted by level, coordinates scattered around the node, submission
 * times over the year before {@code end} with weekday and office-hour patterns, transitions with
 * log-normal durations, ratings skewed to satisfied. Deterministic for a seed.
 */
public final class BulkGenerator {

	public record Progress(long done, long total, double perSecond, boolean finished) {

		public double percent() {
			return total == 0 ? 100 : 100.0 * done / total;
		}
	}

	static final String[] CATEGORIES = { "garbage", "noise", "illegal-parking", "road-damage", "street-light",
			"property", "sanitation", "drain-blocked", "policy", "house-leak", "river-pollution", "enterprise", "fire-lane",
			"gas-leak", "other" };
	static final double[] CATEGORY_WEIGHTS = { 14, 13, 12, 9, 8, 10, 9, 6, 7, 4, 3, 2, 1.5, 0.5, 2 };
	static final String[] CHANNELS = { "RESIDENT_WEB", "HOTLINE", "VISIT", "GRID_PATROL", "PUBLIC_REPORT", "ENTERPRISE",
			"API", "OPEN311" };
	static final double[] CHANNEL_WEIGHTS = { 35, 30, 5, 15, 5, 3, 5, 2 };
	static final double[] HOUR_WEIGHTS = { 0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 4, 7, 8, 7, 4, 5, 7, 7, 6, 5, 3.5, 3,
			2.5, 2, 1, 0.5 };

	private static final String COLUMNS = "id, version, number, category_code, description, territory_code, lat, lng, "
			+ "channel, priority, state, anonymous, responsible_unit, rating, solved, submitted_at, accepted_at, "
			+ "replied_at, closed_at, accept_due_at, reply_due_at, overdue, updated_at";

	private final DataSource dataSource;
	private final List<TerritoryNode> nodes;
	private final BiFunction<String, String, String> unitOf;
	private final double[] nodeCumulative;
	private final Map<String, String> unitCache = new HashMap<>();

	/** {@code unitOf}: (category, territory code) → responsible unit, i.e. the production routing. */
	public BulkGenerator(DataSource dataSource, List<TerritoryNode> tree, BiFunction<String, String, String> unitOf) {
		this.dataSource = dataSource;
		this.unitOf = unitOf;
		Map<String, TerritoryNode> byCode = new HashMap<>();
		tree.forEach(n -> byCode.put(n.code(), n));
		this.nodes = new ArrayList<>();
		List<Double> w = new ArrayList<>();
		for (TerritoryNode n : tree) {
			double weight = switch (n.level()) {
				case MICRO_GRID -> 3;
				case GRID -> 4;
				case COMPOUND -> 5;
				case COMMERCIAL_BUILDING -> 2;
				case COMMUNITY -> 3;
				case STREET -> 2;
				case DISTRICT -> 1;
				default -> 0;
			};
			TerritoryNode located = n;
			while (located != null && !located.hasLocation()) {
				located = located.parentCode() == null ? null : byCode.get(located.parentCode());
			}
			if (weight > 0 && located != null) {
				nodes.add(new TerritoryNode(n.code(), n.name(), n.level(), n.parentCode(), located.lat(), located.lng(),
						n.demo()));
				w.add(weight);
			}
		}
		if (nodes.isEmpty()) {
			throw new IllegalStateException("No territory nodes with a location to generate requests on");
		}
		nodeCumulative = cumulative(w.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/**
	 * Inserts {@code count} requests submitted in the 365 days before {@code end}, in transactions of
	 * {@code batch} rows, reporting after each batch.
	 */
	public long generate(long count, LocalDate end, long seed, int batch, Consumer<Progress> progress)
			throws SQLException, IOException {
		return generate(count, end, 365, seed, batch, progress);
	}

	/** The same over the {@code days} days before {@code end}. */
	public long generate(long count, LocalDate end, int days, long seed, int batch, Consumer<Progress> progress)
			throws SQLException, IOException {
		if (days < 1) {
			throw new IllegalArgumentException("days: at least 1");
		}
		SplittableRandom rnd = new SplittableRandom(seed);
		double[] cat = cumulative(CATEGORY_WEIGHTS);
		double[] ch = cumulative(CHANNEL_WEIGHTS);
		double[] hour = cumulative(HOUR_WEIGHTS);
		LocalDate first = end.minusDays(days);
		Instant now = end.atStartOfDay(WorkingCalendar.ZONE).toInstant();
		long started = System.nanoTime();
		long done = 0;
		String run = Long.toString(Math.abs(seed ^ System.currentTimeMillis()) % 1_000_000, 36).toUpperCase();
		try (Connection c = dataSource.getConnection()) {
			boolean auto = c.getAutoCommit();
			c.setAutoCommit(false);
			try {
				while (done < count) {
					int n = (int) Math.min(batch, count - done);
					Map<StatKey, int[]> stats = new HashMap<>();
					try (Statement s = c.createStatement()) {
						s.execute("SET LOCAL civicloop.rollup_off = 'on'");
					}
					StringBuilder sb = new StringBuilder(n * 240);
					for (int i = 0; i < n; i++) {
						row(sb, rnd, done + i, run, first, days, now, cat, ch, hour, stats);
					}
					copy(c, "COPY workorder_order (" + COLUMNS + ") FROM STDIN", sb);
					mergeStats(c, stats);
					c.commit();
					done += n;
					double secs = (System.nanoTime() - started) / 1e9;
					progress.accept(new Progress(done, count, done / Math.max(secs, 1e-9), done >= count));
				}
			}
			catch (SQLException | IOException | RuntimeException e) {
				c.rollback();
				throw e;
			}
			finally {
				c.setAutoCommit(auto);
			}
		}
		return done;
	}

	record StatKey(LocalDate day, String territory, String unit, String category) {
	}

	private void row(StringBuilder sb, SplittableRandom rnd, long seq, String run, LocalDate first, int days, Instant now,
			double[] cat, double[] ch, double[] hour, Map<StatKey, int[]> stats) {
		TerritoryNode node = nodes.get(pick(nodeCumulative, rnd));
		String category = CATEGORIES[pick(cat, rnd)];
		String channel = CHANNELS[pick(ch, rnd)];
		boolean urgent = category.equals("gas-leak") || category.equals("fire-lane");
		// Weekdays twice as busy as weekends; office hours peak.
		LocalDate day;
		do {
			day = first.plusDays(rnd.nextInt(days));
		}
		while ((day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY)
				&& rnd.nextDouble() < 0.5);
		ZonedDateTime t = day.atStartOfDay(WorkingCalendar.ZONE).plusHours(pick(hour, rnd)).plusSeconds(rnd.nextInt(3600));
		Instant submitted = t.toInstant();
		Instant acceptDue = submitted.plusSeconds(urgent ? 3600 : 24 * 3600);
		Instant replyDue = submitted.plusSeconds((urgent ? 2 : 5) * 86400L + 2 * 86400L);
		Instant accepted = null, replied = null, closed = null;
		Integer rating = null;
		String state;
		if (rnd.nextDouble() < 0.01) {
			state = "MERGED";
			closed = submitted.plusSeconds(600 + rnd.nextInt(7200));
		}
		else if (rnd.nextDouble() < 0.02) {
			state = "REJECTED";
			closed = submitted.plusSeconds(1800 + rnd.nextInt(36000));
		}
		else {
			state = "SUBMITTED";
			double acceptHours = Math.exp(rnd.nextGaussian() * 1.1 + Math.log(urgent ? 0.3 : 4));
			Instant a = submitted.plusSeconds((long) (acceptHours * 3600));
			if (a.isBefore(now)) {
				accepted = a;
				state = "ACCEPTED";
				double replyDays = Math.exp(rnd.nextGaussian() * 0.7 + Math.log(urgent ? 0.8 : 3));
				Instant r = a.plusSeconds((long) (replyDays * 86400));
				if (r.isBefore(now) && rnd.nextDouble() < 0.97) {
					replied = r;
					state = "REPLIED";
					if (rnd.nextDouble() < 0.62) {
						double x = rnd.nextDouble();
						rating = x < 0.52 ? 5 : x < 0.78 ? 4 : x < 0.88 ? 3 : x < 0.94 ? 2 : 1;
						Instant c = r.plusSeconds(3600 + rnd.nextInt(3 * 86400));
						if (c.isBefore(now)) {
							closed = c;
							state = "CLOSED";
						}
						else {
							state = "RATED";
						}
					}
				}
				else {
					state = "IN_PROGRESS";
				}
			}
		}
		boolean overdue = replied != null ? replied.isAfter(replyDue)
				: (state.equals("ACCEPTED") || state.equals("IN_PROGRESS") || state.equals("SUBMITTED"))
						&& now.isAfter(replyDue);
		String unit = unitCache.computeIfAbsent(category + "|" + node.code(), k -> unitOf.apply(category, node.code()));
		double lat = node.lat() + rnd.nextGaussian() * 0.003;
		double lng = node.lng() + rnd.nextGaussian() * 0.0035;
		Instant updated = closed != null ? closed : replied != null ? replied : accepted != null ? accepted : submitted;
		long hi = (submitted.toEpochMilli() << 16) | 0x7000 | (seq & 0x0fff);
		UUID id = new UUID(hi, 0x8000000000000000L | (rnd.nextLong() >>> 2));
		sb.append(id).append("\t1\tG").append(run).append('-').append(seq).append('\t').append(category).append('\t')
			.append("批量生成 ").append(category).append(" #").append(seq).append('\t').append(node.code()).append('\t')
			.append(String.format(java.util.Locale.ROOT, "%.6f\t%.6f", lat, lng)).append('\t').append(channel).append('\t')
			.append(urgent ? "URGENT" : "GENERAL").append('\t').append(state).append('\t')
			.append(rnd.nextDouble() < 0.1 ? 't' : 'f').append('\t').append(unit == null ? "\\N" : escape(unit))
			.append('\t').append(rating == null ? "\\N" : rating.toString()).append('\t')
			.append(rating == null ? "\\N" : rating >= 3 ? "t" : "f").append('\t');
		ts(sb, submitted).append('\t');
		ts(sb, accepted).append('\t');
		ts(sb, replied).append('\t');
		ts(sb, closed).append('\t');
		ts(sb, acceptDue).append('\t');
		ts(sb, replyDue).append('\t').append(overdue ? 't' : 'f').append('\t');
		ts(sb, updated).append('\n');
		int[] m = stats.computeIfAbsent(new StatKey(day, node.code(), unit == null ? "" : unit, category),
				k -> new int[7]);
		m[0] += state.equals("MERGED") ? 0 : 1;
		m[1] += accepted != null ? 1 : 0;
		m[2] += accepted != null && !accepted.isAfter(acceptDue) ? 1 : 0;
		m[3] += replied != null || state.equals("REPLIED") || state.equals("RATED") || state.equals("CLOSED") ? 1 : 0;
		m[4] += rating != null ? 1 : 0;
		m[5] += rating != null && rating >= 4 ? 1 : 0;
		m[6] += overdue ? 1 : 0;
	}

	private static StringBuilder ts(StringBuilder sb, Instant t) {
		return t == null ? sb.append("\\N") : sb.append(t.toString());
	}

	private static String escape(String s) {
		return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
	}

	/** COPY through the PostgreSQL driver, reached reflectively: it is only a runtime dependency. */
	static void copy(Connection c, String sql, CharSequence data) throws SQLException {
		try {
			Class<?> pgType = Class.forName("org.postgresql.PGConnection");
			Object pg = c.unwrap(pgType);
			Object api = pgType.getMethod("getCopyAPI").invoke(pg);
			api.getClass().getMethod("copyIn", String.class, java.io.Reader.class)
				.invoke(api, sql, new java.io.StringReader(data.toString()));
		}
		catch (java.lang.reflect.InvocationTargetException e) {
			if (e.getCause() instanceof SQLException s) {
				throw s;
			}
			throw new IllegalStateException(e.getCause());
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("COPY needs the PostgreSQL JDBC driver", e);
		}
	}

	/**
	 * The batch's sums go in as deltas (one row per key, V80) and the same fold that the running
	 * platform uses adds them to the four roll-ups, in the batch's transaction.
	 */
	private static void mergeStats(Connection c, Map<StatKey, int[]> stats) throws SQLException, IOException {
		StringBuilder sb = new StringBuilder(stats.size() * 80);
		for (var e : stats.entrySet()) {
			StatKey k = e.getKey();
			int[] m = e.getValue();
			sb.append(k.day()).append('\t').append(k.territory()).append('\t').append(escape(k.unit())).append('\t')
				.append(k.category());
			for (int v : m) {
				sb.append('\t').append(v);
			}
			sb.append('\n');
		}
		copy(c, "COPY workorder_stats_delta FROM STDIN", sb);
		try (Statement s = c.createStatement()) {
			s.execute("SELECT workorder_stats_fold()");
		}
	}

	private static double[] cumulative(double[] w) {
		double[] c = new double[w.length];
		double sum = 0;
		for (int i = 0; i < w.length; i++) {
			sum += w[i];
			c[i] = sum;
		}
		for (int i = 0; i < w.length; i++) {
			c[i] /= sum;
		}
		return c;
	}

	private static int pick(double[] cumulative, SplittableRandom rnd) {
		double x = rnd.nextDouble();
		int lo = 0, hi = cumulative.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (cumulative[mid] < x) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}
}
