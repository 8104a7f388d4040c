package org.civicloop.device.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One message on its way through the pipeline: the device the transport names (MQTT topic or HTTP
 * path; null when it names none that is valid), the compact JWS, whether it came in an offline
 * batch, and where to say what became of it (null: nobody waits, as for MQTT).
 */
public record Inbound(String channelDevice, String jws, boolean late, Instant receivedAt, CompletableFuture<Outcome> reply) {

	/** What became of a message, as the HTTP endpoint reports it. */
	public record Outcome(long seq, String status, String reason) {

		public static final String ACCEPTED = "accepted";
		public static final String DUPLICATE = "duplicate";
		public static final String REFUSED = "refused";
	}
}
