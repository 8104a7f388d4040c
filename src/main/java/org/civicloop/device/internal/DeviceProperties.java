package org.civicloop.device.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param mqtt the broker: embedded unless {@code url} names an external one
 * @param silence an ACTIVE device not heard from for this long raises SILENT (once per period)
 * @param duplicateWindow a copy of an accepted message within this time of its first receipt is a
 *        harmless redelivery (ignored); later it is a REPLAY
 * @param ingest the pipeline's sizes
 * @param anomaliesPerMinute at most this many anomalies per device and minute are stored; the rest
 *        are counted ({@code device_device.suppressed_anomalies})
 * @param commandExpiryScan how often pending commands are checked for expiry
 */
@ConfigurationProperties("civicloop.device")
public record DeviceProperties(Mqtt mqtt, Duration silence, Duration duplicateWindow, Ingest ingest,
		Integer anomaliesPerMinute, Duration commandExpiryScan) {

	public DeviceProperties {
		mqtt = mqtt == null ? new Mqtt(null, null, null, null, null, null, null) : mqtt;
		silence = silence == null ? Duration.ofMinutes(30) : silence;
		duplicateWindow = duplicateWindow == null ? Duration.ofMinutes(10) : duplicateWindow;
		ingest = ingest == null ? new Ingest(null, null, null) : ingest;
		anomaliesPerMinute = anomaliesPerMinute == null ? 30 : anomaliesPerMinute;
		commandExpiryScan = commandExpiryScan == null ? Duration.ofSeconds(5) : commandExpiryScan;
	}

	/**
	 * @param enabled false: no broker and no MQTT client (HTTP only)
	 * @param url an external broker ({@code tcp://host:port}); unset: the embedded one
	 * @param embeddedPort the embedded broker's port (0: a free one, for tests); never 1883, which
	 *        belongs to a system broker
	 * @param host the embedded broker's bind address
	 * @param username / password the platform's own login at an external broker (the embedded one
	 *        uses a generated secret)
	 * @param clientId a fixed client id gives a persistent session (messages published while the
	 *        platform reconnects are kept by the broker); unset, a random id with a clean session
	 *        (tests, several instances)
	 */
	public record Mqtt(Boolean enabled, String url, Integer embeddedPort, String host, String username, String password,
			String clientId) {
		public Mqtt {
			enabled = enabled == null ? Boolean.TRUE : enabled;
			url = url == null || url.isBlank() ? null : url;
			embeddedPort = embeddedPort == null ? 18830 : embeddedPort;
			host = host == null ? "127.0.0.1" : host;
		}

		public boolean embedded() {
			return enabled && url == null;
		}
	}

	/**
	 * @param queueCapacity messages waiting per worker before the MQTT callback blocks (back-pressure
	 *        to the broker rather than unbounded memory)
	 * @param batchSize most messages written in one transaction
	 * @param workers parallel workers; a device always goes to the same one, so its order holds
	 */
	public record Ingest(Integer queueCapacity, Integer batchSize, Integer workers) {
		public Ingest {
			queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
			batchSize = batchSize == null ? 500 : batchSize;
			workers = workers == null ? 2 : workers;
		}
	}
}
