package org.civicloop.device.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.CommandId;
import org.civicloop.device.DeviceCommandExpired;
import org.civicloop.device.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery of stored commands: right after the transaction that stored one commits, again when the
 * device says hello or reconnects, until it is acknowledged or expires. Expiry is a database timer
 * ({@code expires_at}), claimed with {@code FOR UPDATE SKIP LOCKED} so that several instances can
 * run the scan without expiring a command twice.
 */
@Component
public class Commands {

	private static final Logger log = LoggerFactory.getLogger(Commands.class);

	private final JdbcClient jdbc;
	private final ObjectProvider<DownLink> downLink;
	private final TransactionTemplate tx;
	private final ApplicationEventPublisher events;
	private final AuditLog audit;

	Commands(JdbcClient jdbc, ObjectProvider<DownLink> downLink, TransactionTemplate tx, ApplicationEventPublisher events,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.downLink = downLink;
		this.tx = tx;
		this.events = events;
		this.audit = audit;
	}

	/** Sends {@code jws} to the device once the current transaction commits (at once without one). */
	void sendAfterCommit(UUID id, DeviceId device, String jws) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					send(id, device, jws);
				}
			});
		}
		else {
			send(id, device, jws);
		}
	}

	private void send(UUID id, DeviceId device, String jws) {
		DownLink link = downLink.getIfAvailable();
		if (link == null) {
			return;
		}
		try {
			if (link.send(device, jws)) {
				jdbc.sql("UPDATE device_command SET sent_count = sent_count + 1, last_sent_at = GREATEST(COALESCE(last_sent_at, now()), now()) WHERE id = ?").param(id).update();
			}
		}
		catch (RuntimeException e) {
			log.warn("command {} to {} not sent now (it is re-sent when the device says hello): {}", id, device, e.toString());
		}
	}

	/** Re-sends every pending, unexpired command of the device (after a hello or a reconnect). */
	public void resendPending(DeviceId device) {
		record Row(UUID id, String jws) {
		}
		List<Row> rows = jdbc.sql("""
				SELECT id, jws FROM device_command WHERE device_id = ? AND state = 'PENDING' AND expires_at > now()
				ORDER BY issued_at""")
			.param(device.value())
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2)))
			.list();
		for (Row r : rows) {
			send(r.id(), device, r.jws());
		}
	}

	/** Marks pending commands whose expiry is at or before {@code now} as EXPIRED; returns how many. */
	public int expire(Instant now) {
		Integer n = tx.execute(status -> {
			record Row(UUID id, String device, String type, String territory) {
			}
			List<Row> rows = jdbc.sql("""
					SELECT c.id, c.device_id, c.type, d.territory_code FROM device_command c JOIN device_device d ON d.id = c.device_id
					WHERE c.state = 'PENDING' AND c.expires_at <= ? ORDER BY c.expires_at LIMIT 200
					FOR UPDATE OF c SKIP LOCKED""")
				.param(Timestamp.from(now))
				.query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
				.list();
			for (Row r : rows) {
				jdbc.sql("UPDATE device_command SET state = 'EXPIRED' WHERE id = ?").param(r.id()).update();
				events.publishEvent(new DeviceCommandExpired(new CommandId(r.id()), DeviceId.of(r.device()), r.type(), now));
				audit.record(AuditRecord.of(AuditRecord.SYSTEM, "device.command.expire", "device-command", r.id().toString())
					.inTerritory(r.territory())
					.detail("device", r.device())
					.detail("type", r.type())
					.withSourceKey("device.command.expire:" + r.id()));
			}
			return rows.size();
		});
		return n == null ? 0 : n;
	}

	/**
	 * Re-sends pending commands that were never handed to the broker (the platform's client was
	 * between connections at commit) or not acknowledged for {@code quiet}: a QoS 1 message can be
	 * lost with a broker restart, and a device's hello can be lost with the platform's subscription.
	 * The device answers a command it has already seen with the same acknowledgement, so a second
	 * delivery does nothing twice. Rows are claimed with SKIP LOCKED so that instances share the work.
	 */
	public int redeliver(Instant now, Duration quiet) {
		record Row(UUID id, String device, String jws) {
		}
		List<Row> rows = tx.execute(status -> {
			List<Row> due = jdbc.sql("""
					SELECT id, device_id, jws FROM device_command
					WHERE state = 'PENDING' AND expires_at > ? AND (last_sent_at IS NULL OR last_sent_at < ?)
					ORDER BY issued_at LIMIT 200 FOR UPDATE SKIP LOCKED""")
				.param(Timestamp.from(now))
				.param(Timestamp.from(now.minus(quiet)))
				.query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
				.list();
			// claimed for this pass: another instance skips them until the quiet time has passed again
			due.forEach(r -> jdbc.sql("UPDATE device_command SET last_sent_at = ? WHERE id = ?").param(Timestamp.from(now))
				.param(r.id()).update());
			return due;
		});
		for (Row r : rows) {
			send(r.id(), DeviceId.of(r.device()), r.jws());
		}
		return rows.size();
	}

	@Scheduled(fixedDelayString = "${civicloop.device.command-expiry-scan:PT5S}", initialDelayString = "PT10S")
	void expireNow() {
		try {
			while (expire(Instant.now()) == 200) {
				// more were due than one pass takes
			}
			redeliver(Instant.now(), Duration.ofSeconds(15));
		}
		catch (RuntimeException e) {
			log.warn("command expiry scan failed: {}", e.toString());
		}
	}

	static Map<String, Object> cancelBody(UUID command, String reason) {
		return Map.of("command", command.toString(), "reason", reason == null ? "" : reason);
	}
}
