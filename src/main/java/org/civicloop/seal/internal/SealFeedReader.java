package org.civicloop.seal.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.DeviceEvent;
import org.civicloop.device.DeviceEventFeed;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.seal.SealAnomalyType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the seal sleeves' verified events from the device feed. The cursor row is locked for the
 * batch and moved in the same transaction as the effects, so with several instances one applies a
 * batch while the others wait, and a crash re-reads a batch that left no trace. Woken by the feed
 * after each append; a slow schedule catches anything missed.
 */
@Component
public class SealFeedReader implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SealFeedReader.class);

	private final JdbcClient jdbc;
	private final TransactionTemplate tx;
	private final ObjectProvider<DeviceEventFeed> feed;
	private final Authorisations authorisations;
	private final AnomalyDesk anomalies;
	private final SealRegistry registry;
	private final AuditLog audit;
	private final SealProperties props;
	private final ServiceHours hours;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "seal-feed");
		t.setDaemon(true);
		return t;
	});
	private final AtomicBoolean scheduled = new AtomicBoolean();

	SealFeedReader(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<DeviceEventFeed> feed,
			Authorisations authorisations, AnomalyDesk anomalies, SealRegistry registry, AuditLog audit,
			SealProperties props) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.feed = feed;
		this.authorisations = authorisations;
		this.anomalies = anomalies;
		this.registry = registry;
		this.audit = audit;
		this.props = props;
		this.hours = props.serviceHours();
	}

	@EventListener(ApplicationReadyEvent.class)
	void subscribe() {
		try {
			DeviceEventFeed f = feed.getIfAvailable();
			if (f != null) {
				f.onAppended(DeviceKind.SEAL_SLEEVE, this::wakeUp);
			}
		}
		catch (RuntimeException e) {
			log.warn("Seal feed reader could not subscribe to the device feed; polling only: {}", e.toString());
		}
	}

	/** Coalesces wake-ups: one run at a time, another queued if events arrive meanwhile. */
	void wakeUp() {
		if (scheduled.compareAndSet(false, true)) {
			worker.execute(() -> {
				scheduled.set(false);
				poll();
			});
		}
	}

	@Scheduled(initialDelayString = "${civicloop.seal.feed-poll-ms:30000}", fixedDelayString = "${civicloop.seal.feed-poll-ms:30000}")
	void scheduledPoll() {
		poll();
		checkPhotos(Instant.now());
		checkSilence(Instant.now());
	}

	/** Applies everything the feed has; returns the number of events read. */
	public synchronized int poll() {
		int total = 0;
		try {
			while (true) {
				Integer n = tx.execute(s -> batch());
				total += n == null ? 0 : n;
				if (n == null || n < props.feedBatch()) {
					return total;
				}
			}
		}
		catch (RuntimeException e) {
			log.warn("Seal feed reader stopped after {} events; will retry: {}", total, e.toString());
			return total;
		}
	}

	private int batch() {
		long cursor = jdbc.sql("SELECT position FROM seal_feed_cursor WHERE kind = 'SEAL_SLEEVE' FOR UPDATE")
			.query(Long.class).single();
		DeviceEventFeed f = feed.getIfAvailable();
		if (f == null) {
			return 0;
		}
		List<DeviceEvent> events = f.after(DeviceKind.SEAL_SLEEVE, cursor, props.feedBatch());
		long last = cursor;
		for (DeviceEvent e : events) {
			if (e.position() > last) {
				apply(e, f);
				last = e.position();
			}
		}
		if (last != cursor) {
			jdbc.sql("UPDATE seal_feed_cursor SET position = :p WHERE kind = 'SEAL_SLEEVE'").param("p", last).update();
		}
		return events.size();
	}

	void apply(DeviceEvent e, DeviceEventFeed f) {
		SealRegistry.Seal seal = registry.byDevice(e.deviceId().value()).orElse(null);
		if (seal == null) {
			return; // a sleeve not (yet) bound to a seal: nothing of ours to reconcile
		}
		Map<String, Object> body = e.body() == null ? Map.of() : e.body();
		UUID authId = uuid(body.get("authorisation"));
		Authorisations.Authorisation auth = authId == null ? null : authorisations.locked(authId)
			.filter(a -> a.deviceId().equals(e.deviceId().value()))
			.orElse(null);
		String photo = EventTypes.IMPRESSION.equals(e.type()) ? string(body.get("photo")) : null;
		Integer k = EventTypes.IMPRESSION.equals(e.type()) ? integer(body.get("k")) : null;
		int inserted = jdbc.sql("""
				INSERT INTO seal_device_event (position, device_id, seal_id, authorisation_id, seq, type, k, photo_sha256,
				  device_time, received_at, late)
				VALUES (:p, :d, :s, :a, :seq, :t, :k, :photo, :dt, :rt, :late) ON CONFLICT (position) DO NOTHING""")
			.param("p", e.position()).param("d", e.deviceId().value()).param("s", seal.id())
			.param("a", auth == null ? null : auth.id()).param("seq", e.seq()).param("t", clip(e.type(), 20))
			.param("k", k).param("photo", photo == null ? null : clip(photo, 64))
			.param("dt", Timestamp.from(e.deviceTime())).param("rt", Timestamp.from(e.receivedAt()))
			.param("late", e.late())
			.update();
		if (inserted == 0) {
			return;
		}
		registry.heard(seal.id(), e.receivedAt());
		String key = e.deviceId().value() + ":" + e.seq();
		switch (e.type()) {
			case EventTypes.UNLOCK -> {
				if (auth == null || !auth.state().open() || !e.deviceTime().isBefore(auth.expiresAt())) {
					anomalies.raiseForSeal(SealAnomalyType.WITHOUT_AUTHORISATION, seal.id(),
							auth == null ? null : auth.applicationId(), auth == null ? null : auth.id(),
							"unlock without a valid authorisation", e.deviceTime(), "unlock:" + key);
				}
				else {
					if (auth.state() != AuthorisationState.IN_USE) {
						jdbc.sql("UPDATE seal_authorisation SET state = 'IN_USE', updated_at = now() WHERE id = :id")
							.param("id", auth.id()).update();
					}
					trace(seal, auth, "seal.use.unlocked", e, key);
				}
			}
			case EventTypes.IMPRESSION -> impression(e, f, seal, auth, photo, key);
			case EventTypes.TAMPER -> anomalies.raiseForSeal(SealAnomalyType.TAMPER, seal.id(),
					auth == null ? null : auth.applicationId(), auth == null ? null : auth.id(),
					"tamper: " + string(body.get("reason")), e.deviceTime(), "tamper:" + key);
			case EventTypes.LOCK, EventTypes.LID_OPEN, EventTypes.LID_CLOSE -> {
				if (auth != null) {
					trace(seal, auth, "seal.use." + e.type().replace('.', '-'), e, key);
				}
			}
			default -> {
				// heartbeat, hello, battery.low: stored above, and they keep the seal from counting as silent
			}
		}
	}

	private void impression(DeviceEvent e, DeviceEventFeed f, SealRegistry.Seal seal, Authorisations.Authorisation auth,
			String photo, String key) {
		ImpressionRule.Verdict v = ImpressionRule.judge(auth == null ? null : auth.snapshot(), e.deviceTime());
		UUID appId = auth == null ? null : auth.applicationId();
		UUID authId = auth == null ? null : auth.id();
		if (v.counted()) {
			int used = auth.used() + 1;
			jdbc.sql("""
					UPDATE seal_authorisation SET used = :u, state = :s, updated_at = now() WHERE id = :id""")
				.param("u", used).param("s", v.completes() ? "COMPLETED" : "IN_USE").param("id", authId).update();
			jdbc.sql("""
					UPDATE seal_application SET used = :u, first_stamp_at = COALESCE(first_stamp_at, :at),
					  status = CASE WHEN :done THEN 'COMPLETED' ELSE status END,
					  closed_at = CASE WHEN :done THEN COALESCE(closed_at, :rt) ELSE closed_at END
					 WHERE id = :id""")
				.param("u", used).param("at", Timestamp.from(e.deviceTime())).param("done", v.completes())
				.param("rt", Timestamp.from(e.receivedAt())).param("id", appId).update();
			trace(seal, auth, "seal.use.impression", e, key);
			if (v.completes()) {
				audit.record(AuditRecord.of(AuditRecord.SYSTEM, "seal.use.completed", "seal-application", appId.toString())
					.inTerritory(seal.villageCode()).at(e.receivedAt()).detail("authorisation", authId.toString())
					.detail("used", used).withSourceKey("seal:completed:" + authId));
			}
			Boolean noDocument = jdbc.sql("""
					SELECT i.document_required AND NOT EXISTS (SELECT 1 FROM seal_document d WHERE d.application_id = a.id)
					  FROM seal_application a JOIN seal_power_item i ON i.code = a.item_code WHERE a.id = :id""")
				.param("id", appId).query(Boolean.class).single();
			if (Boolean.TRUE.equals(noDocument)) {
				anomalies.raiseForSeal(SealAnomalyType.NO_DOCUMENT, seal.id(), appId, authId,
						"stamped with no document on record", e.deviceTime(), "no-document:" + authId);
			}
		}
		else {
			anomalies.raiseForSeal(v.anomaly(), seal.id(), appId, authId,
					"impression " + e.body().get("k") + " of " + e.body().get("n"), e.deviceTime(), "impression:" + key);
		}
		if (!hours.within(e.deviceTime())) {
			anomalies.raiseForSeal(SealAnomalyType.OUT_OF_HOURS, seal.id(), appId, authId,
					"impression at " + e.deviceTime().atZone(ServiceHours.ZONE).toLocalDateTime(), e.deviceTime(),
					"hours:" + key);
		}
		PhotoRule.PhotoState ps = PhotoRule.judge(photo, photo != null && f.hasBlob(photo), e.receivedAt(),
				Instant.now(), props.photoGrace());
		jdbc.sql("UPDATE seal_device_event SET photo_state = :s WHERE position = :p").param("s", ps.name())
			.param("p", e.position()).update();
		if (ps == PhotoRule.PhotoState.MISSING) {
			anomalies.raiseForSeal(SealAnomalyType.MISSING_PHOTO, seal.id(), appId, authId,
					"no photo announced for impression " + e.body().get("k"), e.deviceTime(), "photo:" + key);
		}
	}

	/** Looks again at photos still awaited; those past the grace period without bytes are MISSING. */
	public int checkPhotos(Instant now) {
		DeviceEventFeed f = feed.getIfAvailable();
		if (f == null) {
			return 0;
		}
		record Pending(long position, UUID seal, UUID auth, String device, long seq, String photo, Instant received,
				Instant at) {
		}
		List<Pending> pending = jdbc.sql("""
				SELECT position, seal_id, authorisation_id, device_id, seq, photo_sha256, received_at, device_time
				  FROM seal_device_event WHERE photo_state = 'PENDING' ORDER BY position LIMIT 1000""")
			.query((rs, i) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
					rs.getString(4), rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
					rs.getTimestamp(8).toInstant()))
			.list();
		int missing = 0;
		for (Pending p : pending) {
			PhotoRule.PhotoState ps;
			try {
				ps = PhotoRule.judge(p.photo(), f.hasBlob(p.photo()), p.received(), now, props.photoGrace());
			}
			catch (RuntimeException e) {
				log.warn("Photo check failed: {}", e.toString());
				return missing;
			}
			if (ps == PhotoRule.PhotoState.PENDING) {
				continue;
			}
			boolean isMissing = ps == PhotoRule.PhotoState.MISSING;
			missing += isMissing ? 1 : 0;
			tx.executeWithoutResult(s -> {
				int changed = jdbc.sql("UPDATE seal_device_event SET photo_state = :s WHERE position = :p AND photo_state = 'PENDING'")
					.param("s", ps.name()).param("p", p.position()).update();
				if (changed == 1 && isMissing) {
					UUID app = p.auth() == null ? null
							: authorisations.find(p.auth()).map(Authorisations.Authorisation::applicationId).orElse(null);
					anomalies.raiseForSeal(SealAnomalyType.MISSING_PHOTO, p.seal(), app, p.auth(),
							"photo " + p.photo() + " not received within " + props.photoGrace(), p.at(),
							"photo:" + p.device() + ":" + p.seq());
				}
			});
		}
		return missing;
	}

	/** Sleeves bound to a seal that have not been heard from for longer than allowed. */
	public int checkSilence(Instant now) {
		List<SealRegistry.Seal> silent = jdbc.sql("""
				SELECT * FROM seal_seal WHERE device_id IS NOT NULL AND status = 'ACTIVE' AND NOT silent_flagged
				   AND last_heard_at IS NOT NULL AND last_heard_at < :limit LIMIT 500""")
			.param("limit", Timestamp.from(now.minus(props.silentAfter())))
			.query(SealRegistry::seal).list();
		for (SealRegistry.Seal s : silent) {
			tx.executeWithoutResult(t -> {
				if (jdbc.sql("UPDATE seal_seal SET silent_flagged = TRUE WHERE id = :id AND NOT silent_flagged")
					.param("id", s.id()).update() == 1) {
					anomalies.raiseForSeal(SealAnomalyType.DEVICE_SILENT, s.id(), null, null,
							"last heard at " + s.lastHeardAt(), now, "silent:" + s.id() + ":" + s.lastHeardAt().toEpochMilli());
				}
			});
		}
		return silent.size();
	}

	private void trace(SealRegistry.Seal seal, Authorisations.Authorisation auth, String action, DeviceEvent e, String key) {
		audit.record(AuditRecord.of(e.deviceId().value(), action, "seal-application", auth.applicationId().toString())
			.inTerritory(seal.villageCode()).at(e.deviceTime()).detail("authorisation", auth.id().toString())
			.detail("seq", e.seq()).detail("position", e.position()).detail("k", e.body().get("k") instanceof Number n ? n.longValue() : null)
			.detail("photo", e.body().get("photo") instanceof String s ? s : null).detail("late", e.late())
			.withSourceKey("seal:event:" + key));
	}

	static UUID uuid(Object o) {
		if (o instanceof String s) {
			try {
				return UUID.fromString(s);
			}
			catch (IllegalArgumentException e) {
				return null;
			}
		}
		return null;
	}

	static String string(Object o) {
		return o instanceof String s && !s.isBlank() ? s : null;
	}

	static Integer integer(Object o) {
		return o instanceof Number n ? n.intValue() : null;
	}

	static String clip(String s, int n) {
		return s.length() > n ? s.substring(0, n) : s;
	}

	@Override
	public void destroy() {
		worker.shutdownNow();
	}
}
