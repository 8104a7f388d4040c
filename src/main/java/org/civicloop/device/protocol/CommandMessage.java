package org.civicloop.device.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What the platform tells a device, signed by the platform key:
 * {@code {"v":1,"id":…,"dev":…,"type":…,"iat":…,"nbf":…,"exp":…,"body":{…}}}. A device acts on a
 * command only if the signature verifies, {@code dev} is its own id, now is within
 * [{@code nbf}, {@code exp}] and it has not seen {@code id} before (one-time).
 */
public record CommandMessage(int v, UUID id, String dev, String type, Instant iat, Instant nbf, Instant exp,
		Map<String, Object> body) {

	public CommandMessage {
		body = body == null ? Map.of() : body;
	}
}
