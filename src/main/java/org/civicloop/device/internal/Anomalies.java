package org.civicloop.device.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.civicloop.device.DeviceAnomalyDetected;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a protocol anomaly and publishes {@link DeviceAnomalyDetected} in the caller's transaction
 * (so the publication registry keeps it until every listener handled it). A device, or a sender
 * that cannot be told or is not registered (all of them together), gets at most
 * {@code anomaliesPerMinute} per minute; the rest are counted on the device row (registered
 * devices) or only logged, so that a flood of garbage cannot fill the disk or the registry.
 */
@Component
public class Anomalies {

	private static final Logger log = LoggerFactory.getLogger(Anomalies.class);

	/** Rate-limit key for anomalies whose sender is unknown. */
	private static final String NOBODY = "";

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;
	private final int perMinute;
	private final Map<String, long[]> windows = new ConcurrentHashMap<>();

	Anomalies(JdbcClient jdbc, ApplicationEventPublisher events, DeviceProperties props) {
		this.jdbc = jdbc;
		this.events = events;
		this.perMinute = props.anomaliesPerMinute();
	}

	/**
	 * @param device the device it is about (null: the sender cannot be told)
	 * @param kind / territory null for an unregistered device
	 * @return whether it was stored (false: rate-limited and counted)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean raise(String device, DeviceKind kind, String territory, DeviceAnomalyDetected.Type type, long seq,
			String detail, Instant at) {
		String text = detail == null ? "" : detail.length() > 480 ? detail.substring(0, 480) + "…" : detail;
		// an unregistered sender (no kind) shares one budget with all others: made-up ids must not
		// each get their own
		if (!admit(device == null || kind == null ? NOBODY : device, at)) {
			if (device != null && kind != null) {
				jdbc.sql("UPDATE device_device SET suppressed_anomalies = suppressed_anomalies + 1 WHERE id = ?").param(device).update();
			}
			return false;
		}
		// the device id of an unknown sender is what it claimed: keep it only when it has a device id's shape
		DeviceId id = null;
		try {
			id = device == null ? null : DeviceId.of(device);
		}
		catch (IllegalArgumentException notAnId) {
			device = null;
		}
		jdbc.sql("INSERT INTO device_anomaly (device_id, kind, territory_code, type, seq, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(device, kind == null ? null : kind.name(), territory, type.name(), seq, text, Timestamp.from(at))
			.update();
		log.info("device anomaly {} for {}", type, device == null ? "(unknown sender)" : device);
		events.publishEvent(new DeviceAnomalyDetected(id, kind, territory, type, seq, text, at));
		return true;
	}

	private boolean admit(String key, Instant at) {
		long minute = at.getEpochSecond() / 60;
		if (windows.size() > 50_000) {
			// senders with made-up ids must not grow this map without end; forgetting resets the counts
			windows.clear();
		}
		long[] w = windows.computeIfAbsent(key, k -> new long[2]);
		synchronized (w) {
			if (w[0] != minute) {
				w[0] = minute;
				w[1] = 0;
			}
			return ++w[1] <= perMinute;
		}
	}
}
