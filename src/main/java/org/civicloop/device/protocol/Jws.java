package org.civicloop.device.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWS compact serialisation with Ed25519 ({@code header.payload.signature}, each base64url without
 * padding; the signature covers the ASCII of {@code header.payload}). Only {@code alg: EdDSA} is
 * accepted, so a forged {@code alg: none} or an HMAC header cannot slip through.
 */
public final class Jws {

	/** Larger messages are refused before any parsing. */
	public static final int MAX_LENGTH = 16 * 1024;

	static final JsonMapper JSON = JsonMapper.builder().build();
	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
	private static final Base64.Decoder D64 = Base64.getUrlDecoder();

	private Jws() {
	}

	/** A compact JWS whose parts were decoded but whose signature is not yet checked. */
	public record Parsed(String keyId, byte[] payload, byte[] signature, byte[] signingInput) {

		/** Whether the signature verifies with {@code key}. */
		public boolean verifiedBy(PublicKey key) {
			try {
				Signature s = Signature.getInstance("Ed25519");
				s.initVerify(key);
				s.update(signingInput);
				return s.verify(signature);
			}
			catch (GeneralSecurityException | IllegalArgumentException e) {
				return false;
			}
		}

		public <T> T payloadAs(Class<T> type) {
			try {
				return JSON.readValue(payload, type);
			}
			catch (JacksonException e) {
				throw new MalformedMessageException("payload is not a valid " + type.getSimpleName() + ": "
						+ e.getOriginalMessage());
			}
		}
	}

	/** Signs {@code payload} (serialised to JSON) with {@code key}, naming it {@code keyId}. */
	public static String sign(Object payload, String keyId, PrivateKey key) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "EdDSA");
		header.put("kid", keyId);
		String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
				+ B64.encodeToString(JSON.writeValueAsBytes(payload));
		try {
			Signature s = Signature.getInstance("Ed25519");
			s.initSign(key);
			s.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + B64.encodeToString(s.sign());
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("Ed25519 signing failed", e);
		}
	}

	/**
	 * Splits and decodes a compact JWS; throws {@link MalformedMessageException} for anything that is
	 * not a well-formed EdDSA JWS with a key id.
	 */
	public static Parsed parse(String compact) {
		if (compact == null || compact.isEmpty() || compact.length() > MAX_LENGTH) {
			throw new MalformedMessageException("empty or longer than " + MAX_LENGTH + " characters");
		}
		int a = compact.indexOf('.');
		int b = a < 0 ? -1 : compact.indexOf('.', a + 1);
		if (a <= 0 || b <= a + 1 || b == compact.length() - 1 || compact.indexOf('.', b + 1) >= 0) {
			throw new MalformedMessageException("not a compact JWS (three base64url parts)");
		}
		try {
			byte[] header = D64.decode(compact.substring(0, a));
			byte[] payload = D64.decode(compact.substring(a + 1, b));
			byte[] signature = D64.decode(compact.substring(b + 1));
			Map<?, ?> h = JSON.readValue(header, Map.class);
			if (!"EdDSA".equals(h.get("alg"))) {
				throw new MalformedMessageException("alg must be EdDSA");
			}
			if (!(h.get("kid") instanceof String kid) || kid.isBlank() || kid.length() > 100) {
				throw new MalformedMessageException("kid missing");
			}
			if (signature.length != 64) {
				throw new MalformedMessageException("an Ed25519 signature has 64 bytes");
			}
			return new Parsed(kid, payload, signature, compact.substring(0, b).getBytes(StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException | JacksonException e) {
			throw new MalformedMessageException("not a compact JWS: " + e.getMessage());
		}
	}

	/** The device's key id for credential {@code version}: {@code <deviceId>:<version>}. */
	public static String deviceKeyId(String deviceId, int version) {
		return deviceId + ":" + version;
	}
}
