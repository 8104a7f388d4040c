package org.civicloop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.civicloop.support.CivicLoopTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Autovacuum analyses tables in a new server process whose search_path is pg_catalog alone, and so
 * does every ANALYZE, VACUUM and REINDEX from PostgreSQL 17 on. A function in an index expression
 * that finds what it calls through the search path then fails, the table is never analysed, and the
 * planner works on guesses (V86). Every table of the schema is analysed here the same way: on a
 * connection of its own, because a server process keeps index expressions it has read once.
 */
@CivicLoopTest
class MaintenanceSearchPathTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void everyTableCanBeAnalysedWithTheSearchPathAutovacuumUses() throws Exception {
		String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
		List<String> tables = jdbc.sql("""
				SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = :schema AND c.relkind IN ('r', 'p') ORDER BY 1""")
			.param("schema", schema)
			.query(String.class)
			.list();
		assertThat(tables).contains(schema + ".workorder_order", schema + ".audit_entry");

		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		Properties props = new Properties();
		props.setProperty("user", pool.getUsername());
		if (pool.getPassword() != null) {
			props.setProperty("password", pool.getPassword());
		}
		props.setProperty("options", "-c search_path=pg_catalog,pg_temp");
		try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), props); Statement st = c.createStatement()) {
			c.setAutoCommit(false);
			// an order, so ANALYZE evaluates the expressions of the table's indexes (workorder_street_key;
			// rolled back: the deferred roll-up trigger never runs)
			int inserted = st.executeUpdate("""
					INSERT INTO %s.workorder_order (id, version, number, category_code, description, territory_code, channel,
					  priority, state, submitted_at, updated_at, lat, lng)
					VALUES (gen_random_uuid(), 0, 'MAINTENANCE-TEST', 'street-light', '路灯不亮', '330102014001',
					  'HOTLINE', 'NORMAL', 'SUBMITTED', now(), now(), 30.25, 120.2)""".formatted(schema));
			assertThat(inserted).isOne();
			for (String table : tables) {
				assertThatCode(() -> st.execute("ANALYZE " + table)).as(table).doesNotThrowAnyException();
			}
			c.rollback();
		}
	}

}
