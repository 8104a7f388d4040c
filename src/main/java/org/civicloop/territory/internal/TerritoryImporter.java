package org.civicloop.territory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.TerritoryImported;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV import of territory nodes. All-or-nothing: every row is checked first and any bad row
 * rejects the whole file with the list of problems (line and reason); a valid file is then
 * applied in one transaction, in chunks, with progress counters committed alongside so that a
 * page can show how far a large import has got.
 */
@Service
public class TerritoryImporter {

	public static final List<String> HEADER = List.of("code", "name", "level", "parent_code", "lat", "lng", "demo");
	static final int MAX_ROWS = 200_000;
	private static final int CHUNK = 500;
	private static final Logger log = LoggerFactory.getLogger(TerritoryImporter.class);

	private final JdbcClient jdbc;
	private final TerritoryStore store;
	private final TransactionTemplate tx;
	private final TransactionTemplate progressTx;
	private final ApplicationEventPublisher events;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "territory-import");
		t.setDaemon(true);
		return t;
	});

	public TerritoryImporter(JdbcClient jdbc, TerritoryStore store, PlatformTransactionManager txManager,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.store = store;
		this.tx = new TransactionTemplate(txManager);
		this.progressTx = new TransactionTemplate(txManager);
		this.progressTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.events = events;
	}

	record Row(int line, TerritoryCode code, String name, TerritoryLevel level, TerritoryCode parent, Double lat,
			Double lng, boolean demo) {
	}

	/**
	 * Checks the file and starts applying it in the background.
	 * @param caller whose jurisdiction must cover every row; {@code null} for the system itself
	 * @throws ImportRejectedException when any row is bad; nothing has been written then
	 */
	public UUID start(String startedBy, String fileName, String csv, Jurisdiction caller) {
		List<Row> rows = validate(csv, caller);
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO territory_import (id, started_by, file_name, status, total_rows) VALUES (?, ?, ?, 'APPLYING', ?)")
			.params(id, startedBy, trim(fileName, 200), rows.size())
			.update();
		worker.submit(() -> applyAndRecord(id, startedBy, fileName, rows));
		return id;
	}

	/** Checks and applies the file before returning; used at start-up for demo data and by tests. */
	public ImportStatus importNow(String startedBy, String fileName, String csv, Jurisdiction caller) {
		List<Row> rows = validate(csv, caller);
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO territory_import (id, started_by, file_name, status, total_rows) VALUES (?, ?, ?, 'APPLYING', ?)")
			.params(id, startedBy, trim(fileName, 200), rows.size())
			.update();
		applyAndRecord(id, startedBy, fileName, rows);
		return status(id).orElseThrow();
	}

	public Optional<ImportStatus> status(UUID id) {
		return jdbc.sql("SELECT * FROM territory_import WHERE id = ?")
			.param(id)
			.query((rs, i) -> new ImportStatus(rs.getObject("id", UUID.class), rs.getString("started_by"),
					rs.getString("file_name"), rs.getString("status"), rs.getInt("total_rows"), rs.getInt("processed_rows"),
					rs.getInt("created_rows"), rs.getInt("updated_rows"), rs.getString("errors"),
					rs.getTimestamp("started_at").toInstant(),
					rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant()))
			.optional();
	}

	public List<ImportStatus> recent(int limit) {
		return jdbc.sql("SELECT id FROM territory_import ORDER BY started_at DESC LIMIT ?")
			.param(limit)
			.query(UUID.class)
			.list()
			.stream()
			.map(id -> status(id).orElseThrow())
			.toList();
	}

	List<Row> validate(String csv, Jurisdiction caller) {
		List<ImportRejectedException.ImportProblem> problems = new ArrayList<>();
		List<Csv.Record> records;
		try {
			records = Csv.parse(csv == null ? "" : csv);
		}
		catch (IllegalArgumentException e) {
			if (e instanceof Csv.SyntaxError se) {
				throw reject(se.line(), null, ImportRejectedException.Reason.of("csv." + se.kind(), se.getMessage()));
			}
			throw reject(0, null, ImportRejectedException.Reason.of("csv", e.getMessage()));
		}
		if (records.isEmpty()) {
			throw reject(0, null, ImportRejectedException.Reason.of("empty", "The file is empty"));
		}
		List<String> header = records.get(0).fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
		if (header.size() < 6 || !header.subList(0, 6).equals(HEADER.subList(0, 6))
				|| (header.size() == 7 && !header.get(6).equals("demo")) || header.size() > 7) {
			throw reject(1, null, ImportRejectedException.Reason.of("header", "The header must be: %s (demo is optional)", String.join(",", HEADER)));
		}
		if (records.size() == 1) {
			throw reject(0, null, ImportRejectedException.Reason.of("noRows", "The file has a header but no rows"));
		}
		if (records.size() - 1 > MAX_ROWS) {
			throw reject(0, null, ImportRejectedException.Reason.of("tooManyRows", "At most %d rows per import", MAX_ROWS));
		}
		List<Row> rows = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (Csv.Record rec : records.subList(1, records.size())) {
			Row row = parseRow(rec, header.size(), problems);
			if (row == null) {
				continue;
			}
			Integer earlier = seen.putIfAbsent(row.code().value(), rec.line());
			if (earlier != null) {
				problems.add(new ImportRejectedException.ImportProblem(rec.line(), row.code().value(),
						ImportRejectedException.Reason.of("duplicate", "Duplicate code; first seen on line %d", earlier)));
				continue;
			}
			if (caller != null && !caller.covers(row.code())) {
				problems.add(new ImportRejectedException.ImportProblem(rec.line(), row.code().value(),
						ImportRejectedException.Reason.of("outside", "Outside your jurisdiction")));
				continue;
			}
			rows.add(row);
		}
		Set<String> inFile = new HashSet<>(seen.keySet());
		Set<String> parentsToCheck = new HashSet<>();
		for (Row row : rows) {
			if (row.parent() != null && !inFile.contains(row.parent().value())) {
				parentsToCheck.add(row.parent().value());
			}
		}
		Set<String> existingParents = parentsToCheck.isEmpty() ? Set.of()
				: new HashSet<>(jdbc.sql("SELECT code FROM territory_node WHERE code = ANY (?)")
					.param(parentsToCheck.toArray(String[]::new))
					.query(String.class)
					.list());
		for (Row row : rows) {
			if (row.parent() != null && !inFile.contains(row.parent().value())
					&& !existingParents.contains(row.parent().value())) {
				problems.add(new ImportRejectedException.ImportProblem(row.line(), row.code().value(),
						ImportRejectedException.Reason.of("parentMissing", "Parent %s is neither in the file nor in the tree", row.parent().value())));
			}
		}
		if (!problems.isEmpty()) {
			problems.sort(Comparator.comparingInt(ImportRejectedException.ImportProblem::line));
			throw new ImportRejectedException(problems);
		}
		return rows;
	}

	private Row parseRow(Csv.Record rec, int columns, List<ImportRejectedException.ImportProblem> problems) {
		List<String> f = rec.fields();
		int line = rec.line();
		String rawCode = f.isEmpty() ? "" : f.get(0).trim();
		if (f.size() != columns) {
			problems.add(new ImportRejectedException.ImportProblem(line, rawCode,
					ImportRejectedException.Reason.of("columns", "Expected %d columns but found %d", columns, f.size())));
			return null;
		}
		List<ImportRejectedException.Reason> reasons = new ArrayList<>();
		TerritoryCode code = null;
		try {
			code = TerritoryCode.of(rawCode);
		}
		catch (IllegalArgumentException e) {
			reasons.add(ImportRejectedException.Reason.of("invalidCode", "Invalid code '%s'", rawCode));
		}
		String name = f.get(1).strip();
		if (name.isEmpty()) {
			reasons.add(ImportRejectedException.Reason.of("nameEmpty", "Name is empty"));
		}
		else if (name.length() > 100) {
			reasons.add(ImportRejectedException.Reason.of("nameTooLong", "Name is longer than 100 characters"));
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			reasons.add(ImportRejectedException.Reason.of("nameControl", "Name contains control characters"));
		}
		TerritoryLevel level = null;
		try {
			level = TerritoryLevel.valueOf(f.get(2).trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			reasons.add(ImportRejectedException.Reason.of("unknownLevel", "Unknown level '%s'", f.get(2).trim()));
		}
		if (code != null && level != null && code.level() != level) {
			reasons.add(ImportRejectedException.Reason.of("levelMismatch", "Level %s does not match the code, which is a %s", level, code.level()));
		}
		String rawParent = f.get(3).trim();
		TerritoryCode parent = null;
		if (code != null && code.level() == TerritoryLevel.CITY) {
			if (!rawParent.isEmpty()) {
				reasons.add(ImportRejectedException.Reason.of("cityParent", "A city has no parent"));
			}
		}
		else if (rawParent.isEmpty()) {
			reasons.add(ImportRejectedException.Reason.of("parentEmpty", "Parent code is missing"));
		}
		else {
			try {
				parent = TerritoryCode.of(rawParent);
				if (code != null && !code.canBeChildOf(parent)) {
					reasons.add(ImportRejectedException.Reason.of("notChild", "Code %s cannot be a child of %s", code, parent));
				}
			}
			catch (IllegalArgumentException e) {
				reasons.add(ImportRejectedException.Reason.of("invalidParent", "Invalid parent code '%s'", rawParent));
			}
		}
		Double lat = number(f.get(4), "lat", -90, 90, reasons);
		Double lng = number(f.get(5), "lng", -180, 180, reasons);
		if ((lat == null) != (lng == null)
				&& reasons.stream().noneMatch(r -> r.text().startsWith("lat") || r.text().startsWith("lng"))) {
			reasons.add(ImportRejectedException.Reason.of("coordsPair", "Give both lat and lng, or neither"));
		}
		boolean demo = false;
		if (columns == 7) {
			String d = f.get(6).trim().toLowerCase(Locale.ROOT);
			if (d.equals("true") || d.equals("1")) {
				demo = true;
			}
			else if (!d.isEmpty() && !d.equals("false") && !d.equals("0")) {
				reasons.add(ImportRejectedException.Reason.of("demoFlag", "demo must be true or false"));
			}
		}
		if (!reasons.isEmpty()) {
			problems.add(new ImportRejectedException.ImportProblem(line, rawCode, reasons));
			return null;
		}
		return new Row(line, code, name, level, parent, lat, lng, demo);
	}

	private static Double number(String raw, String what, double min, double max,
			List<ImportRejectedException.Reason> reasons) {
		String v = raw.trim();
		if (v.isEmpty()) {
			return null;
		}
		try {
			double d = Double.parseDouble(v);
			if (Double.isNaN(d) || d < min || d > max) {
				reasons.add(ImportRejectedException.Reason.of("range", "%s must be between %d and %d", what, (int) min, (int) max));
				return null;
			}
			return d;
		}
		catch (NumberFormatException e) {
			reasons.add(ImportRejectedException.Reason.of("notNumber", "%s is not a number: '%s'", what, v));
			return null;
		}
	}

	private void applyAndRecord(UUID id, String startedBy, String fileName, List<Row> rows) {
		try {
			// the event is published inside the import's transaction so that the event publication
			// registry stores it with the change: listeners (the audit log) get it iff the import committed
			tx.executeWithoutResult(status -> {
				int[] counts = apply(id, rows);
				jdbc.sql("UPDATE territory_import SET status = 'DONE', processed_rows = total_rows, created_rows = ?, updated_rows = ?, finished_at = now() WHERE id = ?")
					.params(counts[0], counts[1], id)
					.update();
				events.publishEvent(new TerritoryImported(id, startedBy, fileName, counts[0], counts[1]));
			});
		}
		catch (RuntimeException e) {
			log.warn("Territory import {} failed; rolled back", id, e);
			jdbc.sql("UPDATE territory_import SET status = 'FAILED', errors = ?, finished_at = now() WHERE id = ?")
				.params(trim("The import could not be applied and was rolled back: " + e.getClass().getSimpleName(), 2000), id)
				.update();
		}
	}

	private int[] apply(UUID id, List<Row> rows) {
		List<Row> ordered = new ArrayList<>(rows);
		ordered.sort(Comparator.comparingInt((Row r) -> depth(r.level())).thenComparing(r -> r.code().value()));
		Map<String, String> paths = new HashMap<>();
		int created = 0;
		int updated = 0;
		int done = 0;
		for (Row row : ordered) {
			String path;
			if (row.parent() == null) {
				path = row.code().value();
			}
			else {
				String parentPath = paths.computeIfAbsent(row.parent().value(),
						p -> jdbc.sql("SELECT path FROM territory_node WHERE code = ?").param(p).query(String.class).single());
				path = parentPath + "/" + row.code().value();
			}
			paths.put(row.code().value(), path);
			boolean inserted = jdbc.sql("""
					INSERT INTO territory_node (code, parent_code, name, level, path, lat, lng, demo)
					VALUES (:code, :parent, :name, :level, :path, :lat, :lng, :demo)
					ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
					  demo = EXCLUDED.demo, updated_at = now()
					RETURNING (xmax = 0)""")
				.param("code", row.code().value())
				.param("parent", row.parent() == null ? null : row.parent().value())
				.param("name", row.name())
				.param("level", row.level().name())
				.param("path", path)
				.param("lat", row.lat())
				.param("lng", row.lng())
				.param("demo", row.demo())
				.query(Boolean.class)
				.single();
			if (inserted) {
				created++;
			}
			else {
				updated++;
			}
			if (++done % CHUNK == 0) {
				int progress = done;
				progressTx.executeWithoutResult(s -> jdbc.sql("UPDATE territory_import SET processed_rows = ? WHERE id = ?")
					.params(progress, id)
					.update());
			}
		}
		store.invalidateAfterCommit();
		return new int[] { created, updated };
	}

	static int depth(TerritoryLevel level) {
		return switch (level) {
			case CITY -> 0;
			case DISTRICT -> 1;
			case STREET -> 2;
			case COMMUNITY -> 3;
			case GRID, COMPOUND, COMMERCIAL_BUILDING -> 4;
			case MICRO_GRID -> 5;
		};
	}

	private static ImportRejectedException reject(int line, String code, ImportRejectedException.Reason reason) {
		return new ImportRejectedException(List.of(new ImportRejectedException.ImportProblem(line, code, reason)));
	}

	private static String trim(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}

	@PreDestroy
	void stop() {
		worker.shutdownNow();
	}
}
