package org.civicloop.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param dataDir where the embedded database, keys and attachments live
 * @param demo load demo data and accounts; {@code null} means "only on the embedded database"
 * @param embeddedDb settings of the embedded PostgreSQL
 * @param map the map tile source shown on pages
 */
@ConfigurationProperties("civicloop")
public record CivicLoopProperties(Path dataDir, Boolean demo, EmbeddedDb embeddedDb, MapTiles map) {

	public CivicLoopProperties {
		dataDir = dataDir == null ? Path.of("data") : dataDir;
		embeddedDb = embeddedDb == null ? new EmbeddedDb(0, false) : embeddedDb;
		map = map == null ? new MapTiles(null, null) : map;
	}

	/** @param port 0 picks a free port; @param clean wipe the data on start (tests) */
	public record EmbeddedDb(int port, boolean clean) {
	}

	public record MapTiles(String tileUrl, String attribution) {
		public MapTiles {
			tileUrl = tileUrl == null ? "https://tile.openstreetmap.org/{z}/{x}/{y}.png" : tileUrl;
			attribution = attribution == null ? "© OpenStreetMap contributors" : attribution;
		}
	}
}
