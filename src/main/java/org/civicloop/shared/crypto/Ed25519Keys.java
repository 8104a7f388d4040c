package org.civicloop.shared.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the forms the audit log and the device protocol need: PKCS#8 / SPKI DER and PEM, the raw 32-byte public key of
 * signed notes, and the public key derived from a private one. JDK 17 signs and verifies Ed25519
 * but cannot derive the public key of a loaded private key, so {@link #derivePublic} does the
 * RFC 8032 §5.1.5 scalar multiplication itself (slow, but it runs once at start-up).
 */
public final class Ed25519Keys {

	/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
	private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private Ed25519Keys() {
	}

	public static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	public static PrivateKey privateFromPkcs8(byte[] der) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key", e);
		}
	}

	public static PublicKey publicFromSpki(byte[] der) {
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalArgumentException("not an Ed25519 public key", e);
		}
	}

	public static PublicKey publicFromRaw(byte[] raw) {
		if (raw.length != 32) {
			throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
		}
		byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
		System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
		return publicFromSpki(der);
	}

	/** The 32 bytes that signed notes and verifier keys use. */
	public static byte[] raw(PublicKey key) {
		byte[] der = key.getEncoded();
		if (der.length != 44 || !Arrays.equals(Arrays.copyOf(der, 12), SPKI_PREFIX)) {
			throw new IllegalArgumentException("not an Ed25519 public key");
		}
		return Arrays.copyOfRange(der, 12, 44);
	}

	public static String pem(String type, byte[] der) {
		String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
	}

	/** The DER inside the first PEM block of {@code type} in {@code text}. */
	public static byte[] fromPem(String text, String type) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int b = text.indexOf(begin);
		int e = text.indexOf(end, b + 1);
		if (b < 0 || e < 0) {
			throw new IllegalArgumentException("no " + type + " PEM block");
		}
		return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
	}

	// RFC 8032 §5.1 curve constants
	private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
	private static final BigInteger D = BigInteger.valueOf(-121665)
		.multiply(BigInteger.valueOf(121666).modInverse(P))
		.mod(P);
	private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

	/** The public key of an Ed25519 private key (RFC 8032 §5.1.5). */
	public static PublicKey derivePublic(PrivateKey key) {
		byte[] seed = ((EdECPrivateKey) key).getBytes()
			.orElseThrow(() -> new IllegalArgumentException("private key bytes not available"));
		byte[] h;
		try {
			h = MessageDigest.getInstance("SHA-512").digest(seed);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
		byte[] lo = Arrays.copyOf(h, 32);
		lo[0] &= (byte) 248;
		lo[31] &= 127;
		lo[31] |= 64;
		BigInteger a = littleEndian(lo);
		BigInteger gy = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
		BigInteger gx = recoverX(gy);
		BigInteger[] g = { gx, gy, BigInteger.ONE, gx.multiply(gy).mod(P) };
		BigInteger[] q = { BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO };
		for (int i = a.bitLength() - 1; i >= 0; i--) {
			q = add(q, q);
			if (a.testBit(i)) {
				q = add(q, g);
			}
		}
		BigInteger zinv = q[2].modInverse(P);
		BigInteger x = q[0].multiply(zinv).mod(P);
		BigInteger y = q[1].multiply(zinv).mod(P);
		BigInteger enc = x.testBit(0) ? y.setBit(255) : y;
		byte[] raw = new byte[32];
		byte[] be = enc.toByteArray();
		for (int i = 0; i < 32 && i < be.length; i++) {
			raw[i] = be[be.length - 1 - i];
		}
		return publicFromRaw(raw);
	}

	private static BigInteger recoverX(BigInteger y) {
		BigInteger y2 = y.multiply(y);
		BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
		BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
		if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
			x = x.multiply(SQRT_M1).mod(P);
		}
		return x.testBit(0) ? P.subtract(x) : x;
	}

	private static BigInteger[] add(BigInteger[] p1, BigInteger[] p2) {
		BigInteger a = p1[1].subtract(p1[0]).multiply(p2[1].subtract(p2[0])).mod(P);
		BigInteger b = p1[1].add(p1[0]).multiply(p2[1].add(p2[0])).mod(P);
		BigInteger c = BigInteger.TWO.multiply(p1[3]).multiply(p2[3]).multiply(D).mod(P);
		BigInteger d = BigInteger.TWO.multiply(p1[2]).multiply(p2[2]).mod(P);
		BigInteger e = b.subtract(a);
		BigInteger f = d.subtract(c);
		BigInteger g = d.add(c);
		BigInteger h = b.add(a);
		return new BigInteger[] { e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P) };
	}

	private static BigInteger littleEndian(byte[] le) {
		byte[] be = new byte[le.length];
		for (int i = 0; i < le.length; i++) {
			be[i] = le[le.length - 1 - i];
		}
		return new BigInteger(1, be);
	}
}
