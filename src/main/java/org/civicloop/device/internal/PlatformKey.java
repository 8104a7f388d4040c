package org.civicloop.device.internal;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;

import org.civicloop.device.protocol.Jws;
import org.civicloop.platform.DataFolder;
import org.civicloop.platform.storage.BlobStore;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.springframework.stereotype.Component;

/**
 * The key the platform signs commands with, generated on first start into the data folder
 * ({@code keys/device-platform-ed25519.pem}, like the audit key) and kept, so that devices
 * provisioned with its public half keep trusting the platform across restarts. Its key id is
 * {@code platform:<first 16 hex digits of the SHA-256 of the raw public key>}.
 */
@Component
public class PlatformKey {

	static final String FILE = "device-platform-ed25519.pem";

	private final PrivateKey privateKey;
	private final PublicKey publicKey;
	private final String keyId;

	PlatformKey(DataFolder data) {
		byte[] pem = data.keyFile(FILE, () -> {
			KeyPair kp = Ed25519Keys.generate();
			return Ed25519Keys.pem("PRIVATE KEY", kp.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII);
		});
		this.privateKey = Ed25519Keys.privateFromPkcs8(Ed25519Keys.fromPem(new String(pem, StandardCharsets.US_ASCII), "PRIVATE KEY"));
		this.publicKey = Ed25519Keys.derivePublic(privateKey);
		this.keyId = "platform:" + BlobStore.sha256(Ed25519Keys.raw(publicKey)).substring(0, 16);
		if (!Jws.parse(sign("probe")).verifiedBy(publicKey)) {
			throw new IllegalStateException("the device platform key does not verify with its derived public key");
		}
	}

	public String sign(Object payload) {
		return Jws.sign(payload, keyId, privateKey);
	}

	public String keyId() {
		return keyId;
	}

	public PublicKey publicKey() {
		return publicKey;
	}

	public String publicKeyPem() {
		return Ed25519Keys.pem("PUBLIC KEY", publicKey.getEncoded());
	}

	static String hex(byte[] b) {
		return HexFormat.of().formatHex(b);
	}
}
