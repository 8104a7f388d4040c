package org.civicloop.audit.internal;

import javax.sql.DataSource;

import org.civicloop.platform.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the log's plain-Java parts (also used by the benchmarks and the command line). */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

	@Bean
	TreeStore auditTreeStore(DataSource dataSource) {
		return new TreeStore(dataSource);
	}

	@Bean
	Sequencer auditSequencer(DataSource dataSource, PlatformTransactionManager txManager, TreeStore tree,
			AuditProperties props) {
		return new Sequencer(dataSource, txManager, tree, props.batchSize(), props.sequencerIntervalMs(),
				props.sequencerLingerMs());
	}

	@Bean
	SmartLifecycle auditSequencerLifecycle(Sequencer sequencer) {
		return new SmartLifecycle() {
			private volatile boolean running;

			@Override
			public void start() {
				sequencer.start();
				running = true;
			}

			@Override
			public void stop() {
				sequencer.stop();
				running = false;
			}

			@Override
			public boolean isRunning() {
				return running;
			}
		};
	}

	@Bean
	AuditKeys auditKeys(AuditProperties props, DataFolder data) {
		AuditKeys keys = AuditKeys.load(props, data);
		log.info("Audit checkpoints are signed by {}", keys.verifierKey());
		return keys;
	}

	@Bean
	Checkpoints auditCheckpoints(JdbcClient jdbc, TreeStore tree, Sequencer sequencer, AuditKeys keys,
			AuditProperties props, PlatformTransactionManager txManager) {
		return new Checkpoints(jdbc, tree, sequencer, keys, props.origin(), txManager);
	}

	@Bean
	AuditFsck auditFsck(DataSource dataSource, AuditKeys keys) {
		return new AuditFsck(dataSource, keys.publicKey());
	}

	/** A first checkpoint (possibly of the empty tree) so that there is always one to verify against. */
	@Bean
	@Order(50)
	ApplicationRunner auditFirstCheckpoint(Checkpoints checkpoints) {
		return args -> checkpoints.publishNow();
	}

	@Component
	static class CheckpointSchedule {

		private final Checkpoints checkpoints;

		CheckpointSchedule(Checkpoints checkpoints) {
			this.checkpoints = checkpoints;
		}

		@Scheduled(initialDelayString = "${civicloop.audit.checkpoint-interval-ms:60000}",
				fixedDelayString = "${civicloop.audit.checkpoint-interval-ms:60000}")
		void publish() {
			try {
				checkpoints.publishIfGrown();
			}
			catch (RuntimeException e) {
				log.warn("Publishing an audit checkpoint failed; will retry", e);
			}
		}
	}
}
