package org.civicloop.territory.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.civicloop.shared.TerritoryCode;
import org.civicloop.shared.TerritoryLevel;
import org.civicloop.territory.ResponsiblePerson;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads of the tree. The tree changes rarely (imports, an administrator's edit) and is read on
 * almost every request, so nodes and child lists are cached and the whole cache is dropped after
 * any committed write.
 */
@Service
public class TerritoryStore implements Territories {

	static final String COLUMNS = "code, name, level, parent_code, lat, lng, demo";

	private final JdbcClient jdbc;
	private final Map<String, Optional<TerritoryNode>> nodes = new ConcurrentHashMap<>();
	private final Map<String, List<TerritoryNode>> children = new ConcurrentHashMap<>();

	public TerritoryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<TerritoryNode> find(TerritoryCode code) {
		return nodes.computeIfAbsent(code.value(), c -> jdbc.sql("SELECT " + COLUMNS + " FROM territory_node WHERE code = ?")
			.param(c)
			.query(TerritoryStore::node)
			.optional());
	}

	@Override
	public boolean exists(TerritoryCode code) {
		return find(code).isPresent();
	}

	@Override
	public List<TerritoryNode> children(TerritoryCode code) {
		return children.computeIfAbsent(code.value(),
				c -> List.copyOf(jdbc.sql("SELECT " + COLUMNS + " FROM territory_node WHERE parent_code = ? ORDER BY code")
					.param(c)
					.query(TerritoryStore::node)
					.list()));
	}

	@Override
	public List<TerritoryNode> ancestors(TerritoryCode code) {
		List<TerritoryNode> result = new ArrayList<>();
		Optional<TerritoryNode> current = find(code);
		while (current.isPresent() && current.get().parentCode() != null) {
			current = find(TerritoryCode.of(current.get().parentCode()));
			current.ifPresent(result::add);
		}
		Collections.reverse(result);
		return result;
	}

	@Override
	public List<ResponsiblePerson> people(TerritoryCode code) {
		return jdbc.sql("""
				SELECT id, node_code, name, duty, phone, username, demo FROM territory_person
				WHERE node_code = ? ORDER BY created_at, name""")
			.param(code.value())
			.query((rs, i) -> new ResponsiblePerson(rs.getObject("id", UUID.class), rs.getString("node_code"),
					rs.getString("name"), rs.getString("duty"), rs.getString("phone"), rs.getString("username"),
					rs.getBoolean("demo")))
			.list();
	}

	/** Drops the cache once the current transaction commits (or now, outside one). */
	public void invalidateAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					invalidate();
				}
			});
		}
		else {
			invalidate();
		}
	}

	public void invalidate() {
		nodes.clear();
		children.clear();
	}

	static TerritoryNode node(ResultSet rs, int row) throws SQLException {
		return new TerritoryNode(rs.getString("code"), rs.getString("name"), TerritoryLevel.valueOf(rs.getString("level")),
				rs.getString("parent_code"), (Double) rs.getObject("lat"), (Double) rs.getObject("lng"),
				rs.getBoolean("demo"));
	}
}
