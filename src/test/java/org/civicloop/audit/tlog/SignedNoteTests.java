package org.civicloop.audit.tlog;

import org.civicloop.shared.crypto.Ed25519Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedNoteTests {

	@Test
	void derivedPublicKeyIsTheGeneratedOne() {
		for (int i = 0; i < 20; i++) {
			KeyPair kp = Ed25519Keys.generate();
			assertThat(Ed25519Keys.derivePublic(kp.getPrivate()).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
		}
	}

	@Test
	void rfc8032TestVector1() {
		// RFC 8032 §7.1 TEST 1: secret key → public key
		byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
		byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420" + HexFormat.of().formatHex(seed));
		byte[] pub = Ed25519Keys.raw(Ed25519Keys.derivePublic(Ed25519Keys.privateFromPkcs8(pkcs8)));
		assertThat(HexFormat.of().formatHex(pub)).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
	}

	@Test
	void checkpointNoteSignsAndVerifiesAndRejectsEdits() {
		KeyPair kp = Ed25519Keys.generate();
		String name = "civicloop.example/audit";
		Checkpoint cp = new Checkpoint(name, 8, HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));
		assertThat(cp.body()).isEqualTo("civicloop.example/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
		byte[] sig = SignedNote.sign(cp.bodyBytes(), kp.getPrivate());
		String note = SignedNote.note(cp.body(), name, SignedNote.keyHash(name, Ed25519Keys.raw(kp.getPublic())), sig);
		assertThat(note).startsWith(cp.body() + "\n\u2014 civicloop.example/audit ");
		SignedNote.Parsed parsed = SignedNote.parse(note);
		assertThat(parsed.text()).isEqualTo(cp.body());
		assertThat(SignedNote.verifyNote(parsed, name, kp.getPublic())).isTrue();
		assertThat(Checkpoint.parse(parsed.text()).size()).isEqualTo(8);

		SignedNote.Parsed edited = SignedNote.parse(note.replace("\n8\n", "\n9\n"));
		assertThat(SignedNote.verifyNote(edited, name, kp.getPublic())).isFalse();
		assertThat(SignedNote.verifyNote(parsed, name, Ed25519Keys.generate().getPublic())).isFalse();
		assertThat(SignedNote.verifyNote(parsed, "other.example/log", kp.getPublic())).isFalse();
		assertThat(SignedNote.verify("x".getBytes(StandardCharsets.UTF_8), sig, kp.getPublic())).isFalse();
		assertThatThrownBy(() -> SignedNote.parse(cp.body())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void verifierKeyFormat() {
		KeyPair kp = Ed25519Keys.generate();
		String vkey = SignedNote.verifierKey("civicloop.example/audit", Ed25519Keys.raw(kp.getPublic()));
		assertThat(vkey).matches("civicloop\\.example/audit\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
		assertThat(Ed25519Keys.publicFromSpki(Ed25519Keys.fromPem(Ed25519Keys.pem("PUBLIC KEY", kp.getPublic().getEncoded()), "PUBLIC KEY")))
			.isEqualTo(kp.getPublic());
	}
}
