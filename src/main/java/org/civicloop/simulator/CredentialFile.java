package org.civicloop.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credential file a device (or the simulator) is provisioned with: one JSON object carrying the
 * fields of {@link IssuedCredential} under a format tag (docs/device-simulator.md):
 *
 * <pre>
 * {"format":"civicloop-device-credential/1","deviceId":"SEAL-XY-01","version":1,"keyId":"SEAL-XY-01:1",
 *  "privateKeyPem":"-----BEGIN PRIVATE KEY-----\n…","mqttUsername":"SEAL-XY-01","mqttPassword":"…",
 *  "platformPublicKeyPem":"-----BEGIN PUBLIC KEY-----\n…"}
 * </pre>
 *
 * The device pages can offer {@link #toJson} for download at provisioning; it holds a private key.
 */
public final class CredentialFile {

	public static final String FORMAT = "civicloop-device-credential/1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CredentialFile() {
	}

	public static String toJson(IssuedCredential c) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("format", FORMAT);
		m.put("deviceId", c.deviceId().value());
		m.put("version", c.version());
		m.put("keyId", c.keyId());
		m.put("privateKeyPem", c.privateKeyPem());
		m.put("mqttUsername", c.mqttUsername());
		m.put("mqttPassword", c.mqttPassword());
		m.put("platformPublicKeyPem", c.platformPublicKeyPem());
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
	}

	/** Reads and checks a credential file; the message of the exception says what is wrong with it. */
	public static IssuedCredential read(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException e) {
			throw new IllegalArgumentException("credential file not found: " + file);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("credential file not readable: " + file + " (" + e.getMessage() + ")");
		}
		return parse(text);
	}

	public static IssuedCredential parse(String text) {
		Map<?, ?> m;
		try {
			m = JSON.readValue(text, Map.class);
		}
		catch (JacksonException e) {
			throw new IllegalArgumentException("credential file is not JSON: " + e.getOriginalMessage());
		}
		if (!FORMAT.equals(m.get("format"))) {
			throw new IllegalArgumentException("credential file format must be \"" + FORMAT + "\"");
		}
		DeviceId id = DeviceId.of(text(m, "deviceId"));
		if (!(m.get("version") instanceof Number version)) {
			throw new IllegalArgumentException("credential file lacks \"version\"");
		}
		IssuedCredential c = new IssuedCredential(id, version.intValue(), text(m, "keyId"), text(m, "privateKeyPem"),
				text(m, "mqttUsername"), text(m, "mqttPassword"), text(m, "platformPublicKeyPem"));
		// fail now rather than at the first message
		SealSleeve.keys(c);
		return c;
	}

	private static String text(Map<?, ?> m, String field) {
		if (!(m.get(field) instanceof String s) || s.isBlank()) {
			throw new IllegalArgumentException("credential file lacks \"" + field + "\"");
		}
		return s;
	}
}
