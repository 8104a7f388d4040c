package org.civicloop.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;

import org.civicloop.shared.crypto.Ed25519Keys;
import org.civicloop.audit.tlog.SignedNote;
import org.civicloop.platform.DataFolder;

/**
 * The checkpoint signing key: from {@code civicloop.audit.signing-key-file} when set (production,
 * e.g. a key kept off the database host), otherwise generated on first start into the data
 * folder as {@code keys/audit-ed25519.pem}. The public key is derived from the private one and
 * checked by a test signature before the log uses it.
 */
public class AuditKeys {

	public static final String DATA_FOLDER_KEY = "audit-ed25519.pem";

	private final String keyName;
	private final PrivateKey privateKey;
	private final PublicKey publicKey;
	private final byte[] keyHash;

	public AuditKeys(String keyName, PrivateKey privateKey) {
		this.keyName = keyName;
		this.privateKey = privateKey;
		this.publicKey = Ed25519Keys.derivePublic(privateKey);
		this.keyHash = SignedNote.keyHash(keyName, Ed25519Keys.raw(publicKey));
		byte[] probe = "civicloop audit key check\n".getBytes(StandardCharsets.UTF_8);
		if (!SignedNote.verify(probe, SignedNote.sign(probe, privateKey), publicKey)) {
			throw new IllegalStateException("the audit signing key does not verify with its derived public key");
		}
	}

	public static AuditKeys load(AuditProperties props, DataFolder data) {
		byte[] content;
		if (props.signingKeyFile() != null) {
			try {
				content = Files.readAllBytes(props.signingKeyFile());
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read civicloop.audit.signing-key-file " + props.signingKeyFile(), e);
			}
		}
		else {
			content = data.keyFile(DATA_FOLDER_KEY, () -> {
				KeyPair kp = Ed25519Keys.generate();
				return Ed25519Keys.pem("PRIVATE KEY", kp.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII);
			});
		}
		return new AuditKeys(props.keyName(), parsePrivate(content));
	}

	/** PEM ("PRIVATE KEY", PKCS#8) or raw DER. */
	public static PrivateKey parsePrivate(byte[] content) {
		String text = new String(content, StandardCharsets.US_ASCII);
		byte[] der = text.contains("-----BEGIN PRIVATE KEY-----") ? Ed25519Keys.fromPem(text, "PRIVATE KEY") : content;
		return Ed25519Keys.privateFromPkcs8(der);
	}

	public static AuditKeys fromFile(String keyName, Path file) throws IOException {
		return new AuditKeys(keyName, parsePrivate(Files.readAllBytes(file)));
	}

	public String keyName() {
		return keyName;
	}

	public PublicKey publicKey() {
		return publicKey;
	}

	public byte[] keyHash() {
		return Arrays.copyOf(keyHash, keyHash.length);
	}

	public String keyId() {
		return java.util.HexFormat.of().formatHex(keyHash);
	}

	public String publicKeyPem() {
		return Ed25519Keys.pem("PUBLIC KEY", publicKey.getEncoded());
	}

	public String verifierKey() {
		return SignedNote.verifierKey(keyName, Ed25519Keys.raw(publicKey));
	}

	public byte[] sign(byte[] message) {
		return SignedNote.sign(message, privateKey);
	}
}
