package org.civicloop.territory.internal;

import java.util.List;

import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.TerritoryNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read models for pages and the API: search and subtree export, scoped to the caller. */
@Service
public class TerritoryQueries {

	private final JdbcClient jdbc;

	public TerritoryQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Page<T>(List<T> items, int page, int size, long total) {
		public int pages() {
			return (int) Math.max(1, (total + size - 1) / size);
		}
	}

	/**
	 * Nodes whose name contains {@code q} or whose code starts with it. Public divisions are
	 * searchable by everyone; grids, micro-grids, compounds and buildings only inside the caller's
	 * jurisdiction.
	 */
	public Page<TerritoryNode> search(String q, Jurisdiction caller, int page, int size) {
		String term = q == null ? "" : q.strip();
		String like = "%" + term.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String codePrefix = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String where = """
				(lower(name) LIKE :like OR code LIKE :codePrefix)
				AND (level IN ('CITY','DISTRICT','STREET','COMMUNITY') OR code LIKE ANY (:scope))""";
		String[] scope = caller.likePatterns().toArray(String[]::new);
		long total = jdbc.sql("SELECT count(*) FROM territory_node WHERE " + where)
			.param("like", like)
			.param("codePrefix", codePrefix)
			.param("scope", scope)
			.query(Long.class)
			.single();
		List<TerritoryNode> items = jdbc.sql("SELECT " + TerritoryStore.COLUMNS + " FROM territory_node WHERE " + where
				+ " ORDER BY length(code), code LIMIT :size OFFSET :offset")
			.param("like", like)
			.param("codePrefix", codePrefix)
			.param("scope", scope)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(TerritoryStore::node)
			.list();
		return new Page<>(items, page, size, total);
	}

	/** The subtree under {@code root} as CSV in the import format, parents before children. */
	public String exportCsv(TerritoryCode root) {
		StringBuilder sb = new StringBuilder(Csv.row(TerritoryImporter.HEADER.toArray()));
		jdbc.sql("SELECT " + TerritoryStore.COLUMNS + " FROM territory_node WHERE code LIKE ? ORDER BY length(path) - length(replace(path, '/', '')), code")
			.param(root.scopePrefix() + "%")
			.query(TerritoryStore::node)
			.list()
			.forEach(n -> sb.append(Csv.row(n.code(), n.name(), n.level().name(), n.parentCode(),
					n.lat() == null ? "" : n.lat(), n.lng() == null ? "" : n.lng(), n.demo())));
		return sb.toString();
	}

	/**
	 * How many nodes of each level lie strictly below {@code root}, in one grouped query. Levels
	 * that are not public divisions are counted only when {@code caller} covers the root, because
	 * even a count of compounds or grids says something about a place outside one's jurisdiction.
	 */
	public java.util.Map<TerritoryLevel, Long> countsBelow(TerritoryCode root, Jurisdiction caller) {
		boolean covered = caller.covers(root);
		java.util.Map<TerritoryLevel, Long> counts = new java.util.EnumMap<>(TerritoryLevel.class);
		jdbc.sql("SELECT level, count(*) AS n FROM territory_node WHERE code LIKE ? AND code <> ? GROUP BY level")
			.params(root.scopePrefix() + "%", root.value())
			.query((rs, i) -> java.util.Map.entry(TerritoryLevel.valueOf(rs.getString("level")), rs.getLong("n")))
			.list()
			.forEach(e -> {
				if (e.getKey().ordinal() > root.level().ordinal() && (covered || e.getKey().isPublicDivision())) {
					counts.put(e.getKey(), e.getValue());
				}
			});
		return counts;
	}

	public long count(TerritoryCode root, TerritoryLevel level) {
		return jdbc.sql("SELECT count(*) FROM territory_node WHERE code LIKE ? AND level = ?")
			.params(root.scopePrefix() + "%", level.name())
			.query(Long.class)
			.single();
	}
}
