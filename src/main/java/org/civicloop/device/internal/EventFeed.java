package org.civicloop.device.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.civicloop.device.DeviceEvent;
import org.civicloop.device.DeviceEventFeed;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.platform.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;

/** Reads of the verified events ({@code device_event}) and the stored blobs. */
@Component
class EventFeed implements DeviceEventFeed {

	private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	static final String SELECT = """
			SELECT position, device_id, kind, territory_code, seq, type, device_time, received_at, late, body::text
			FROM device_event""";

	private final JdbcClient jdbc;
	private final BlobStore blobs;
	private final Ingest ingest;
	private final DeviceService devices;

	EventFeed(JdbcClient jdbc, BlobStore blobs, Ingest ingest, DeviceService devices) {
		this.jdbc = jdbc;
		this.blobs = blobs;
		this.ingest = ingest;
		this.devices = devices;
	}

	static DeviceEvent event(ResultSet rs, int n) throws SQLException {
		Map<String, Object> body = Ingest.JSON.readValue(rs.getString(10), MAP);
		return new DeviceEvent(rs.getLong(1), DeviceId.of(rs.getString(2)), DeviceKind.valueOf(rs.getString(3)),
				rs.getString(4), rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
				rs.getTimestamp(8).toInstant(), rs.getBoolean(9), body);
	}

	@Override
	public List<DeviceEvent> after(DeviceKind kind, long position, int limit) {
		return jdbc.sql(SELECT + " WHERE kind = ? AND position > ? ORDER BY position LIMIT ?")
			.params(kind.name(), position, Math.max(1, Math.min(limit, 10_000)))
			.query(EventFeed::event)
			.list();
	}

	@Override
	public List<DeviceEvent> ofDevice(DeviceId id, long fromSeq, long toSeq) {
		return jdbc.sql(SELECT + " WHERE device_id = ? AND seq BETWEEN ? AND ? ORDER BY seq")
			.params(id.value(), fromSeq, toSeq)
			.query(EventFeed::event)
			.list();
	}

	@Override
	public Optional<byte[]> blob(String sha256) {
		return blobs.get(sha256);
	}

	@Override
	public boolean hasBlob(String sha256) {
		return blobs.exists(sha256);
	}

	@Override
	public void onAppended(DeviceKind kind, Runnable wakeUp) {
		ingest.onAppended(kind, wakeUp);
	}

	@Scheduled(fixedDelayString = "${civicloop.device.silence-scan:PT1M}", initialDelayString = "PT30S")
	void silenceScan() {
		try {
			devices.scanSilence(Instant.now());
		}
		catch (RuntimeException e) {
			log.warn("device silence scan failed: {}", e.toString());
		}
	}
}
