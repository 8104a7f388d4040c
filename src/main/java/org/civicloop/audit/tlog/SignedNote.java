package org.civicloop.audit.tlog;

import org.civicloop.shared.crypto.Ed25519Keys;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * C2SP signed-note with Ed25519 signatures: the text, an empty line, and one line per signature
 * {@code — <key name> <base64(key hash || signature)>}. The key hash is the first four bytes of
 * SHA-256(key name || "\n" || 0x01 || public key); the signature covers exactly the text bytes.
 */
public final class SignedNote {

	private static final String DASH = "\u2014 ";
	private static final byte ALG_ED25519 = 0x01;

	public record Sig(String keyName, byte[] keyHash, byte[] signature) {
		public String keyId() {
			return HexFormat.of().formatHex(keyHash);
		}
	}

	public record Parsed(String text, List<Sig> signatures) {
	}

	private SignedNote() {
	}

	public static byte[] sign(byte[] text, PrivateKey key) {
		try {
			Signature s = Signature.getInstance("Ed25519");
			s.initSign(key);
			s.update(text);
			return s.sign();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("Ed25519 signing failed", e);
		}
	}

	public static boolean verify(byte[] text, byte[] signature, PublicKey key) {
		try {
			Signature s = Signature.getInstance("Ed25519");
			s.initVerify(key);
			s.update(text);
			return s.verify(signature);
		}
		catch (GeneralSecurityException e) {
			return false;
		}
	}

	public static byte[] keyHash(String keyName, byte[] rawPublicKey) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			md.update(keyName.getBytes(StandardCharsets.UTF_8));
			md.update((byte) '\n');
			md.update(ALG_ED25519);
			md.update(rawPublicKey);
			return Arrays.copyOf(md.digest(), 4);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The verifier key string of the note ecosystem: {@code name+hexkeyhash+base64(0x01||key)}. */
	public static String verifierKey(String keyName, byte[] rawPublicKey) {
		byte[] typed = new byte[rawPublicKey.length + 1];
		typed[0] = ALG_ED25519;
		System.arraycopy(rawPublicKey, 0, typed, 1, rawPublicKey.length);
		return keyName + "+" + HexFormat.of().formatHex(keyHash(keyName, rawPublicKey)) + "+"
				+ Base64.getEncoder().encodeToString(typed);
	}

	/** The signature line for {@code text}, ending with a newline. */
	public static String signatureLine(String keyName, byte[] keyHash, byte[] signature) {
		byte[] blob = ByteBuffer.allocate(keyHash.length + signature.length).put(keyHash).put(signature).array();
		return DASH + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
	}

	/** The whole note: text, blank line, signature line. */
	public static String note(String text, String keyName, byte[] keyHash, byte[] signature) {
		return text + "\n" + signatureLine(keyName, keyHash, signature);
	}

	public static Parsed parse(String note) {
		int split = note.lastIndexOf("\n\n");
		if (split < 0 || !note.endsWith("\n")) {
			throw new IllegalArgumentException("not a signed note: no blank line before the signatures");
		}
		String text = note.substring(0, split + 1);
		List<Sig> sigs = new ArrayList<>();
		for (String line : note.substring(split + 2).split("\n")) {
			if (!line.startsWith(DASH)) {
				throw new IllegalArgumentException("malformed signature line: " + line);
			}
			String[] parts = line.substring(DASH.length()).split(" ");
			if (parts.length != 2) {
				throw new IllegalArgumentException("malformed signature line: " + line);
			}
			byte[] blob = Base64.getDecoder().decode(parts[1]);
			if (blob.length < 5) {
				throw new IllegalArgumentException("signature too short");
			}
			sigs.add(new Sig(parts[0], Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length)));
		}
		return new Parsed(text, sigs);
	}

	/** Whether one signature of {@code note} is by this key and verifies over the text. */
	public static boolean verifyNote(Parsed note, String keyName, PublicKey key) {
		byte[] raw = Ed25519Keys.raw(key);
		byte[] hash = keyHash(keyName, raw);
		byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
		return note.signatures()
			.stream()
			.anyMatch(s -> s.keyName().equals(keyName) && Arrays.equals(s.keyHash(), hash)
					&& verify(text, s.signature(), key));
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] p : parts) {
			out.writeBytes(p);
		}
		return out.toByteArray();
	}
}
