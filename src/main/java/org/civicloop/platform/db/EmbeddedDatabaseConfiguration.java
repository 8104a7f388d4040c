package org.civicloop.platform.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.civicloop.platform.CivicLoopProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts PostgreSQL from the zonky binaries when no {@code spring.datasource.url} is configured.
 * The cluster lives in {@code <data-dir>/postgres} and survives restarts, so a newcomer gets a
 * real PostgreSQL (one SQL dialect everywhere) without installing anything.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(CivicLoopProperties props) throws IOException {
		Path dir = props.dataDir().resolve("postgres").toAbsolutePath();
		Files.createDirectories(dir.getParent());
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dir.toFile())
			.setCleanDataDirectory(props.embeddedDb().clean())
			.setPGStartupWait(Duration.ofSeconds(60))
			// Spring stops it (destroyMethod) after everything that uses it: zonky's own JVM hook
			// would stop it concurrently with the context's shutdown, leaving beans that still need
			// the database on close (Modulith's event registry) to wait 30 s for a connection
			.setRegisterShutdownHook(false)
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_buffers", "64MB")
			.setServerConfig("fsync", props.embeddedDb().clean() ? "off" : "on");
		if (props.embeddedDb().port() > 0) {
			builder.setPort(props.embeddedDb().port());
		}
		EmbeddedPostgres pg = builder.start();
		log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
		return pg;
	}

	@Bean
	@Primary
	DataSource dataSource(EmbeddedPostgres pg) {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
		ds.setUsername("postgres");
		ds.setMaximumPoolSize(10);
		ds.setPoolName("civicloop-embedded");
		return ds;
	}
}
