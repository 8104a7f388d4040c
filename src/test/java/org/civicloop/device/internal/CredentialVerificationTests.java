package org.civicloop.device.internal;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.Jws;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast (BouncyCastle) verification decides as the JDK does. */
class CredentialVerificationTests {

	static final KeyPair DEVICE = Ed25519Keys.generate();

	@Test
	void agreesWithTheJdk() {
		DeviceDirectory.Credential c = DeviceDirectory.Credential.of(1, Ed25519Keys.raw(DEVICE.getPublic()), null, null);
		for (int i = 0; i < 20; i++) {
			String good = Jws.sign(new DeviceMessage(1, "dev-1", i + 1, "heartbeat", Instant.now(), Map.of("i", i)), "dev-1:1",
					DEVICE.getPrivate());
			String forged = Jws.sign(new DeviceMessage(1, "dev-1", i + 1, "heartbeat", Instant.now(), Map.of("i", i)), "dev-1:1",
					Ed25519Keys.generate().getPrivate());
			// flip one bit of the signature
			Jws.Parsed g = Jws.parse(good);
			byte[] sig = g.signature().clone();
			sig[i % 64] ^= 1;
			Jws.Parsed flipped = new Jws.Parsed(g.keyId(), g.payload(), sig, g.signingInput());
			for (Jws.Parsed p : new Jws.Parsed[] { g, Jws.parse(forged), flipped }) {
				assertThat(c.verifies(p)).isEqualTo(p.verifiedBy(DEVICE.getPublic()));
			}
			assertThat(c.verifies(g)).isTrue();
			assertThat(c.verifies(Jws.parse(forged))).isFalse();
		}
	}
}
