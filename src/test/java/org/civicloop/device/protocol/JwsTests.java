package org.civicloop.device.protocol;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.civicloop.shared.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JWS layer accepts and refuses: forged, alg none, wrong kid, truncated, oversized. */
class JwsTests {

	static final KeyPair DEVICE = Ed25519Keys.generate();
	static final KeyPair OTHER = Ed25519Keys.generate();
	static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	static String signed() {
		return Jws.sign(new DeviceMessage(1, "dev-1", 7, "heartbeat", Instant.parse("2026-11-27T10:00:00Z"), Map.of("battery", 80)),
				Jws.deviceKeyId("dev-1", 1), DEVICE.getPrivate());
	}

	@Test
	void aSignedMessageVerifiesAndReadsBack() {
		Jws.Parsed p = Jws.parse(signed());
		assertThat(p.keyId()).isEqualTo("dev-1:1");
		assertThat(p.verifiedBy(DEVICE.getPublic())).isTrue();
		DeviceMessage m = p.payloadAs(DeviceMessage.class);
		assertThat(m.seq()).isEqualTo(7);
		assertThat(m.body()).containsEntry("battery", 80);
		assertThat(m.at()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
	}

	@Test
	void forgedSignatureDoesNotVerify() {
		String forged = Jws.sign(new DeviceMessage(1, "dev-1", 7, "unlock", Instant.now(), Map.of()), "dev-1:1", OTHER.getPrivate());
		assertThat(Jws.parse(forged).verifiedBy(DEVICE.getPublic())).isFalse();
	}

	@Test
	void changedPayloadDoesNotVerify() {
		String[] parts = signed().split("\\.");
		String payload = B64.encodeToString("{\"v\":1,\"dev\":\"dev-1\",\"seq\":8,\"type\":\"unlock\",\"at\":\"2026-11-27T10:00:00Z\"}"
			.getBytes(StandardCharsets.UTF_8));
		assertThat(Jws.parse(parts[0] + "." + payload + "." + parts[2]).verifiedBy(DEVICE.getPublic())).isFalse();
	}

	@Test
	void wrongKeyIdIsReadButNamesAnotherKey() {
		String s = Jws.sign(Map.of("dev", "dev-1"), "dev-2:1", DEVICE.getPrivate());
		assertThat(Jws.parse(s).keyId()).isEqualTo("dev-2:1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"alg\":\"none\",\"kid\":\"dev-1:1\"}", "{\"alg\":\"HS256\",\"kid\":\"dev-1:1\"}",
			"{\"alg\":\"EdDSA\"}", "{\"alg\":\"EdDSA\",\"kid\":\"\"}", "{\"alg\":\"EdDSA\",\"kid\":7}", "[]", "not json" })
	void headersOtherThanEdDsaWithAKeyIdAreRefused(String header) {
		String[] parts = signed().split("\\.");
		String token = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
		assertThatThrownBy(() -> Jws.parse(token)).isInstanceOf(MalformedMessageException.class);
	}

	@Test
	void algNoneWithAnEmptySignatureIsRefused() {
		String[] parts = signed().split("\\.");
		String token = B64.encodeToString("{\"alg\":\"none\",\"kid\":\"dev-1:1\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
		assertThatThrownBy(() -> Jws.parse(token)).isInstanceOf(MalformedMessageException.class);
	}

	@Test
	void truncatedAndMangledTokensAreRefused() {
		String s = signed();
		for (String bad : new String[] { s.substring(0, s.lastIndexOf('.')), s.substring(0, s.length() - 4), s + ".x", "a.b.c",
				"..", "", "abc", s.replace('.', '!') }) {
			assertThatThrownBy(() -> Jws.parse(bad)).as(bad).isInstanceOf(MalformedMessageException.class);
		}
		assertThatThrownBy(() -> Jws.parse(null)).isInstanceOf(MalformedMessageException.class);
	}

	@Test
	void oversizedIsRefusedBeforeParsing() {
		assertThatThrownBy(() -> Jws.parse("a".repeat(Jws.MAX_LENGTH + 1))).isInstanceOf(MalformedMessageException.class)
			.hasMessageContaining("longer");
		String big = Jws.sign(Map.of("pad", "x".repeat(Jws.MAX_LENGTH)), "dev-1:1", DEVICE.getPrivate());
		assertThatThrownBy(() -> Jws.parse(big)).isInstanceOf(MalformedMessageException.class);
	}

	@Test
	void aPayloadThatIsNotAMessageIsMalformed() {
		String s = Jws.sign(java.util.List.of(1, 2), "dev-1:1", DEVICE.getPrivate());
		assertThatThrownBy(() -> Jws.parse(s).payloadAs(DeviceMessage.class)).isInstanceOf(MalformedMessageException.class);
	}
}
