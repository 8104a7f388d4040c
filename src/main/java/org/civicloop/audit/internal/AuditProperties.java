package org.civicloop.audit.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param origin the checkpoint origin line, which names this log (C2SP tlog-checkpoint)
 * @param keyName the signed-note key name; the origin by default, as the ecosystem expects
 * @param signingKeyFile a PEM (PKCS#8 "PRIVATE KEY") or DER Ed25519 key; generated into the data
 * folder when not set
 * @param sequencerIntervalMs how often pending entries are sequenced when nobody asks sooner
 * @param sequencerLingerMs how long the sequencer waits, once a commit wakes it, so that a burst of
 * commits is sequenced as one batch
 * @param batchSize at most this many entries per sequencer transaction
 * @param checkpointIntervalMs how often a checkpoint is published when the tree has grown
 */
@ConfigurationProperties("civicloop.audit")
public record AuditProperties(String origin, String keyName, Path signingKeyFile, Long sequencerIntervalMs,
		Long sequencerLingerMs, Integer batchSize, Long checkpointIntervalMs) {

	public AuditProperties {
		origin = origin == null || origin.isBlank() ? "civicloop.example/audit" : origin.strip();
		keyName = keyName == null || keyName.isBlank() ? origin : keyName.strip();
		sequencerIntervalMs = sequencerIntervalMs == null ? 200L : sequencerIntervalMs;
		sequencerLingerMs = sequencerLingerMs == null ? 20L : sequencerLingerMs;
		batchSize = batchSize == null ? 1000 : batchSize;
		checkpointIntervalMs = checkpointIntervalMs == null ? 60_000L : checkpointIntervalMs;
		if (keyName.contains(" ") || keyName.contains("+")) {
			throw new IllegalArgumentException("civicloop.audit.key-name must not contain spaces or '+'");
		}
	}
}
