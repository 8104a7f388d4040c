package org.civicloop.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.Jws;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code seal-simulator} command: usage, bad flags and files, and one short run on a real broker. */
class SimulatorCommandLineTests {

	@TempDir
	Path dir;

	record Run(int code, String out) {
	}

	static Run run(String... args) {
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		int code = SimulatorCommandLine.run(args, new ByteArrayInputStream(new byte[0]),
				new PrintStream(buf, true, StandardCharsets.UTF_8));
		return new Run(code, buf.toString(StandardCharsets.UTF_8));
	}

	static IssuedCredential credential(String id) {
		DeviceId d = DeviceId.of(id);
		return new IssuedCredential(d, 2, Jws.deviceKeyId(id, 2),
				Ed25519Keys.pem("PRIVATE KEY", Ed25519Keys.generate().getPrivate().getEncoded()), id, "pw",
				Ed25519Keys.pem("PUBLIC KEY", Ed25519Keys.generate().getPublic().getEncoded()));
	}

	Path credentialFile(IssuedCredential c) throws Exception {
		Path f = dir.resolve("device.json");
		Files.writeString(f, CredentialFile.toJson(c));
		return f;
	}

	@Test
	void helpExitsAtOnce() {
		Run r = run("seal-simulator", "--help");
		assertThat(r.code()).isZero();
		assertThat(r.out()).contains("--credential").contains("extra-impression").contains("missing-photo");
		assertThat(SimulatorCommandLine.handles(new String[] { "seal-simulator" })).isTrue();
		assertThat(SimulatorCommandLine.handles(new String[] { "audit-verify" })).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			no credential                | --broker=tcp://127.0.0.1:1883                       | --credential <file> is required
			unknown option               | --colour=red                                        | Unknown option: --colour
			stray argument               | stamp                                               | Unexpected argument: stamp
			missing credential file      | --credential=/nonexistent/device.json               | credential file not found: /nonexistent/device.json
			""")
	void badUsageSaysWhyAndFails(String name, String arg, String message) {
		Run r = run("seal-simulator", arg);
		assertThat(r.code()).isEqualTo(2);
		assertThat(r.out()).contains(message).contains("seal-simulator --credential");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			bad misbehaviour    | --misbehave=extra-impression,teleport | unknown misbehaviour: teleport
			empty misbehaviour  | --misbehave                           | --misbehave needs a list
			bad broker          | --broker=http//nowhere                | --broker must look like tcp://host:port
			bad impressions     | --impressions=some                    | --impressions is auto or manual
			bad interval        | --interval=soon                       | --interval is seconds or an ISO-8601 duration
			bad http            | --http=ftp://x                        | --http must be the platform's base URL
			""")
	void badFlagsWithAGoodCredential(String name, String arg, String message) throws Exception {
		Path f = credentialFile(credential("SEAL-CLI-01"));
		Run r = run("seal-simulator", "--credential=" + f, arg);
		assertThat(r.code()).as(r.out()).isEqualTo(2);
		assertThat(r.out()).contains(message);
	}

	@Test
	void httpAndBrokerExcludeEachOther() throws Exception {
		Path f = credentialFile(credential("SEAL-CLI-03"));
		Run r = run("seal-simulator", "--credential=" + f, "--http=http://127.0.0.1:8080", "--broker=tcp://127.0.0.1:1883");
		assertThat(r.code()).isEqualTo(2);
		assertThat(r.out()).contains("--http and --broker exclude each other");
	}

	@Test
	void credentialFileRoundTripsAndBadOnesAreExplained() throws Exception {
		IssuedCredential c = credential("SEAL-CLI-02");
		assertThat(CredentialFile.parse(CredentialFile.toJson(c))).isEqualTo(c);
		assertThatThrownBy(() -> CredentialFile.parse("{")).hasMessageContaining("not JSON");
		assertThatThrownBy(() -> CredentialFile.parse("{\"format\":\"other\"}")).hasMessageContaining("format must be");
		assertThatThrownBy(() -> CredentialFile.parse(CredentialFile.toJson(c).replace("\"keyId\"", "\"kid\"")))
			.hasMessageContaining("lacks \"keyId\"");
		assertThatThrownBy(() -> CredentialFile.parse(CredentialFile.toJson(c).replace("PRIVATE KEY", "PUBLIC KEY")))
			.hasMessageContaining("private key");
		Path f = dir.resolve("bad.json");
		Files.writeString(f, "[]");
		Run r = run("seal-simulator", "--credential", f.toString());
		assertThat(r.code()).isEqualTo(2);
		assertThat(r.out()).contains("Error: credential file");
	}

	@Test
	@Tag("external-broker")
	void runsOnTheBrokerAndKeepsItsSequenceInTheStateFile() throws Exception {
		Path f = credentialFile(credential("SIM-CLI-" + UUID.randomUUID().toString().substring(0, 8)));
		Path state = dir.resolve("state.json");
		Run first = run("seal-simulator", "--credential", f.toString(), "--broker", "tcp://127.0.0.1:1883", "--state",
				state.toString(), "--duration", "PT2S");
		assertThat(first.code()).as(first.out()).isZero();
		assertThat(first.out()).contains("SENT hello #1");
		Run second = run("seal-simulator", "--credential", f.toString(), "--broker", "tcp://127.0.0.1:1883", "--state",
				state.toString(), "--duration", "PT2S");
		assertThat(second.out()).contains("last seq 1").contains("SENT hello #2");
	}
}
