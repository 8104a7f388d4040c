package org.civicloop.platform.web;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline for {@code bench/workorder-create.sh}: parses a JSON body shaped like a work-order
 * submission and inserts one comparable row with {@link JdbcClient}, nothing else (no catalogue,
 * routing, SLA clock, audit entry or event). Only exists under the {@code bench} profile; its
 * table is created by the constructor on start ({@code CREATE TABLE IF NOT EXISTS}), never by a migration.
 * <p>
 * Like {@link BenchConstantApi} it sits under {@code /api/v1} behind the same bearer token, so the
 * ratio measures what filing a work order costs beyond the HTTP, security and JSON layers.
 */
@RestController
@Profile("bench")
class BenchInsertApi {

	private final JdbcClient jdbc;

	BenchInsertApi(JdbcClient jdbc) {
		this.jdbc = jdbc;
		createTable();
	}

	private void createTable() {
		jdbc.sql("""
				CREATE TABLE IF NOT EXISTS bench_insert (
				    id uuid PRIMARY KEY,
				    category_code varchar(40) NOT NULL,
				    description text NOT NULL,
				    territory_code varchar(40),
				    lat double precision,
				    lng double precision,
				    channel varchar(20) NOT NULL,
				    created_at timestamptz NOT NULL
				)""").update();
	}

	record Body(String categoryCode, String description, String territoryCode, Double lat, Double lng, String channel) {
	}

	@PostMapping(path = "/api/v1/bench/insert", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> insert(@RequestBody Body body) {
		if (body == null || body.categoryCode() == null || body.description() == null) {
			throw new IllegalArgumentException("categoryCode and description are required");
		}
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO bench_insert (id, category_code, description, territory_code, lat, lng, channel, created_at)
				VALUES (:id, :category, :description, :territory, :lat, :lng, :channel, :now)""")
			.param("id", id)
			.param("category", body.categoryCode())
			.param("description", body.description())
			.param("territory", body.territoryCode())
			.param("lat", body.lat())
			.param("lng", body.lng())
			.param("channel", body.channel() == null ? "API" : body.channel())
			.param("now", Timestamp.from(Instant.now()))
			.update();
		return ResponseEntity.created(URI.create("/api/v1/bench/insert/" + id)).body(Map.of("id", id));
	}
}
