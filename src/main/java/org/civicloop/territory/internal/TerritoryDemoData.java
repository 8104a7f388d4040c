package org.civicloop.territory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.civicloop.platform.DemoMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads Hangzhou's demo territory through the same importer administrators use, once: on an
 * empty tree and only in demo mode.
 */
@Component
@Order(10)
class TerritoryDemoData implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(TerritoryDemoData.class);

	private final DemoMode demo;
	private final TerritoryImporter importer;
	private final JdbcClient jdbc;

	TerritoryDemoData(DemoMode demo, TerritoryImporter importer, JdbcClient jdbc) {
		this.demo = demo;
		this.importer = importer;
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (!demo.enabled() || jdbc.sql("SELECT count(*) FROM territory_node").query(Long.class).single() > 0) {
			return;
		}
		ImportStatus s = importer.importNow("system", "territory-hangzhou.csv", read("demo/territory-hangzhou.csv"), null);
		List<Csv.Record> people = Csv.parse(read("demo/territory-people.csv"));
		for (Csv.Record r : people.subList(1, people.size())) {
			List<String> f = r.fields();
			jdbc.sql("INSERT INTO territory_person (id, node_code, name, duty, phone, username, demo) VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(UUID.randomUUID(), f.get(0), f.get(1), f.get(2), f.get(3), f.get(4).isBlank() ? null : f.get(4),
						Boolean.parseBoolean(f.get(5)))
				.update();
		}
		log.info("Demo territory loaded: {} nodes, {} responsible people", s.createdRows(), people.size() - 1);
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
