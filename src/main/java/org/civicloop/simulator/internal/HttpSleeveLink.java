package org.civicloop.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.civicloop.device.DeviceId;
import org.civicloop.device.protocol.Topics;

/**
 * The uplink of a device without MQTT: every message (one JWS, or a JSON array for an offline
 * batch) is POSTed to {@code /api/v1/devices/{id}/messages}; photos to
 * {@code /api/v1/devices/{id}/blobs/{sha256}}. The JWS signature is the device's authentication.
 * Commands are not pushed over HTTP, so a sleeve on this link never unlocks by itself (use it for
 * the uplink anomalies). A refusal (4xx) counts as delivered — the platform heard it and said no;
 * only an unreachable platform or a 5xx keeps the message for a later batch.
 */
final class HttpSleeveLink implements SleeveLink {

	private final String base;
	private final DeviceId id;
	private final ScheduledExecutorService executor;
	private final Runnable onConnected;
	private final Consumer<String> onNote;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private volatile boolean connected;

	HttpSleeveLink(String baseUrl, DeviceId id, ScheduledExecutorService executor, Runnable onConnected,
			Consumer<String> onNote) {
		URI uri = URI.create(baseUrl);
		if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
			throw new IllegalArgumentException("the HTTP base URL must start with http:// or https://");
		}
		this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.id = id;
		this.executor = executor;
		this.onConnected = onConnected;
		this.onNote = onNote;
	}

	@Override
	public void connect() {
		connected = true;
		onNote.accept("sending to " + base + " over HTTP (no commands on this link)");
		executor.execute(onConnected);
	}

	@Override
	public void disconnect() {
		connected = false;
	}

	@Override
	public boolean isConnected() {
		return connected;
	}

	@Override
	public boolean publish(String topic, byte[] payload) {
		if (!connected) {
			return false;
		}
		String path;
		String type;
		if (topic.equals(Topics.up(id))) {
			path = "/api/v1/devices/" + id.value() + "/messages";
			type = payload.length > 0 && payload[0] == '[' ? "application/json" : "application/jose";
		}
		else if (topic.startsWith(Topics.ROOT + id.value() + "/blob/")) {
			path = "/api/v1/devices/" + id.value() + "/blobs/" + topic.substring(topic.lastIndexOf('/') + 1);
			type = "application/octet-stream";
		}
		else {
			return true;
		}
		try {
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", type)
				.POST(HttpRequest.BodyPublishers.ofByteArray(payload))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() >= 500) {
				onNote.accept("HTTP " + r.statusCode() + " from " + path + ": kept for later");
				return false;
			}
			if (r.statusCode() >= 400) {
				onNote.accept("HTTP " + r.statusCode() + " from " + path + ": refused");
			}
			return true;
		}
		catch (IOException e) {
			onNote.accept("cannot reach " + base + ": " + e.getMessage());
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		connected = false;
	}
}
