package org.civicloop.seal.web;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.civicloop.seal.SealAnomalyRaised;
import org.civicloop.seal.internal.AnomalyDesk;
import org.civicloop.shared.Jurisdiction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live anomaly alerts over server-sent events. Each open page holds an emitter with its
 * viewer's jurisdiction; an anomaly goes to those it concerns (custodian of the seal, inspectors
 * and secretaries over the village) once its transaction committed. Best effort: the page also
 * lists what was recorded, and the notification inbox keeps every alert.
 */
@Component
public class AnomalyStream {

	private record Viewer(Jurisdiction jurisdiction, SseEmitter emitter) {
	}

	private final Map<UUID, Viewer> viewers = new ConcurrentHashMap<>();
	private final JdbcClient jdbc;

	AnomalyStream(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	SseEmitter open(Jurisdiction j) {
		SseEmitter emitter = new SseEmitter(30 * 60 * 1000L);
		UUID key = UUID.randomUUID();
		viewers.put(key, new Viewer(j, emitter));
		emitter.onCompletion(() -> viewers.remove(key));
		emitter.onTimeout(() -> viewers.remove(key));
		emitter.onError(e -> viewers.remove(key));
		try {
			emitter.send(SseEmitter.event().name("hello").data("ok"));
		}
		catch (IOException e) {
			viewers.remove(key);
		}
		return emitter;
	}

	public int viewers() {
		return viewers.size();
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(SealAnomalyRaised e) {
		UUID custodian = e.sealId() == null ? null
				: jdbc.sql("SELECT custodian_id FROM seal_seal WHERE id = :id").param("id", e.sealId()).query(UUID.class)
					.optional().orElse(null);
		String data = "{\"id\":\"" + e.anomalyId() + "\",\"type\":\"" + e.type() + "\",\"village\":\"" + e.villageCode()
				+ "\",\"device\":\"" + (e.deviceId() == null ? "" : e.deviceId()) + "\",\"at\":\"" + e.at() + "\"}";
		viewers.forEach((key, v) -> {
			if (AnomalyDesk.concerns(v.jurisdiction(), e.villageCode(), custodian)) {
				try {
					v.emitter().send(SseEmitter.event().name("anomaly").id(e.anomalyId().toString()).data(data));
				}
				catch (IOException | IllegalStateException ex) {
					viewers.remove(key);
				}
			}
		});
	}
}
