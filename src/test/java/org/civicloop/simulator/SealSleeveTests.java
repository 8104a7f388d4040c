package org.civicloop.simulator;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.CommandMessage;
import org.civicloop.device.protocol.DeviceMessage;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.device.protocol.Jws;
import org.civicloop.device.protocol.Topics;
import org.civicloop.shared.crypto.Ed25519Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The sleeve's logic against a fake transport and a clock the test moves. */
class SealSleeveTests {

	static final DeviceId ID = DeviceId.of("SEAL-TEST-01");
	static final KeyPair PLATFORM = Ed25519Keys.generate();
	static final KeyPair DEVICE = Ed25519Keys.generate();
	static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A clock the test sets. */
	static final class Hands extends Clock {
		Instant now = T0;

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	}

	record Out(String topic, byte[] payload) {
		String text() {
			return new String(payload, StandardCharsets.US_ASCII);
		}
	}

	final List<Out> wire = new ArrayList<>();
	boolean connected = true;
	final Hands clock = new Hands();
	SealSleeve sleeve;

	static IssuedCredential credential() {
		return new IssuedCredential(ID, 1, Jws.deviceKeyId(ID.value(), 1),
				Ed25519Keys.pem("PRIVATE KEY", DEVICE.getPrivate().getEncoded()), ID.value(), "pw",
				Ed25519Keys.pem("PUBLIC KEY", PLATFORM.getPublic().getEncoded()));
	}

	@BeforeEach
	void setUp() {
		sleeve = new SealSleeve(credential(), (topic, payload) -> {
			if (!connected) {
				return false;
			}
			wire.add(new Out(topic, payload));
			return true;
		}, SleeveMemory.inMemory(0), clock, null);
	}

	static String command(UUID id, String dev, String type, Instant nbf, Instant exp, Map<String, Object> body) {
		return Jws.sign(new CommandMessage(1, id, dev, type, T0, nbf, exp, body), "platform:1", PLATFORM.getPrivate());
	}

	static String authorise(UUID id, int n) {
		return command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, T0.plus(Duration.ofMinutes(30)),
				Map.of("authorisation", "AUTH-1", "seal", "SEAL-1", "impressions", n, "nonce", "x"));
	}

	/** Messages on the up topic (single JWS only), verified with the device key, in order. */
	List<DeviceMessage> messages() {
		return upJws().stream().map(j -> {
			Jws.Parsed p = Jws.parse(j);
			assertThat(p.verifiedBy(DEVICE.getPublic())).as("signature of %s", j).isTrue();
			return p.payloadAs(DeviceMessage.class);
		}).toList();
	}

	List<String> upJws() {
		return wire.stream().filter(o -> o.topic().equals(Topics.up(ID))).map(Out::text).toList();
	}

	List<String> types() {
		return messages().stream().map(DeviceMessage::type).toList();
	}

	List<Out> blobs() {
		return wire.stream().filter(o -> o.topic().startsWith(Topics.ROOT + ID.value() + "/blob/")).toList();
	}

	// ------------------------------------------------------------------ commands

	static Stream<Arguments> commands() {
		UUID id = UUID.randomUUID();
		Map<String, Object> body = Map.of("authorisation", "AUTH-1", "seal", "SEAL-1", "impressions", 3, "nonce", "n");
		Instant exp = T0.plus(Duration.ofMinutes(30));
		String good = command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, exp, body);
		String forged = Jws.sign(new CommandMessage(1, id, ID.value(), EventTypes.CMD_AUTHORISE, T0, T0, exp, body),
				"platform:1", Ed25519Keys.generate().getPrivate());
		return Stream.of(
				Arguments.of("good", good, "accepted", null),
				Arguments.of("bad signature", forged, "rejected", "bad signature"),
				Arguments.of("other device", command(id, "SEAL-OTHER", EventTypes.CMD_AUTHORISE, T0, exp, body), "rejected",
						"not for this device"),
				Arguments.of("not yet valid (nbf 1 ms after now)",
						command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0.plusMillis(1), exp, body), "rejected",
						"not yet valid"),
				Arguments.of("nbf = now is valid", command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, exp, body),
						"accepted", null),
				Arguments.of("exp = now is still valid",
						command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0.minusSeconds(60), T0, body), "accepted", null),
				Arguments.of("expired (exp 1 ms before now)",
						command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0.minusSeconds(60), T0.minusMillis(1), body),
						"rejected", "expired"),
				Arguments.of("no impressions",
						command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, exp, Map.of("authorisation", "A")), "rejected",
						"malformed authorisation"),
				Arguments.of("zero impressions", command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, exp,
						Map.of("authorisation", "A", "impressions", 0)), "rejected", "malformed authorisation"),
				Arguments.of("unknown type", command(id, ID.value(), "self-destruct", T0, exp, body), "rejected",
						"unknown command type"));
	}

	@ParameterizedTest(name = "{0} → {2}")
	@MethodSource("commands")
	void verifiesCommands(String caseName, String compact, String result, String reason) {
		sleeve.onCommand(compact);
		List<DeviceMessage> out = messages();
		DeviceMessage ack = out.get(0);
		assertThat(ack.type()).isEqualTo(EventTypes.COMMAND_ACK);
		assertThat(ack.body()).containsEntry("result", result);
		assertThat(ack.body().get("reason")).isEqualTo(reason);
		if (result.equals("accepted")) {
			assertThat(out).extracting(DeviceMessage::type).containsExactly(EventTypes.COMMAND_ACK, EventTypes.UNLOCK);
			assertThat(out.get(1).body()).containsEntry("authorisation", "AUTH-1");
			assertThat(sleeve.authorisation()).get()
				.extracting(SealSleeve.Authorisation::state)
				.isEqualTo(SealSleeve.AuthorisationState.IN_FORCE);
		}
		else {
			assertThat(out).hasSize(1);
			assertThat(sleeve.authorisation()).isEmpty();
			assertThat(sleeve.stamp().stamped()).isFalse();
		}
	}

	@Test
	void aReusedIdIsRejectedButARedeliveryIsAnsweredAgainWithoutASecondUnlock() {
		UUID id = UUID.randomUUID();
		String first = authorise(id, 3);
		sleeve.onCommand(first);
		sleeve.onCommand(first);
		String other = command(id, ID.value(), EventTypes.CMD_AUTHORISE, T0, T0.plusSeconds(600),
				Map.of("authorisation", "AUTH-2", "impressions", 9));
		sleeve.onCommand(other);
		List<DeviceMessage> out = messages();
		assertThat(out).extracting(DeviceMessage::type)
			.containsExactly(EventTypes.COMMAND_ACK, EventTypes.UNLOCK, EventTypes.COMMAND_ACK, EventTypes.COMMAND_ACK);
		assertThat(out.get(2).body()).containsEntry("result", "accepted");
		assertThat(out.get(3).body()).containsEntry("result", "rejected").containsEntry("reason", "command id already used");
		assertThat(sleeve.authorisation().get().authorisation()).isEqualTo("AUTH-1");
	}

	@Test
	void aForgedCommandDoesNotBurnTheIdOfTheGenuineOne() {
		UUID id = UUID.randomUUID();
		sleeve.onCommand(Jws.sign(new CommandMessage(1, id, ID.value(), EventTypes.CMD_AUTHORISE, T0, T0,
				T0.plusSeconds(60), Map.of("authorisation", "EVIL", "impressions", 99)), "platform:1",
				Ed25519Keys.generate().getPrivate()));
		sleeve.onCommand(authorise(id, 1));
		assertThat(messages()).extracting(m -> m.body().get("result")).containsExactly("rejected", "accepted", null);
	}

	@Test
	void malformedCommandsAreIgnored() {
		sleeve.onCommand("not a jws");
		sleeve.onCommand("e30.e30.AAAA");
		assertThat(wire).isEmpty();
	}

	@Test
	void cancelLocksTheSleeve() {
		UUID auth = UUID.randomUUID();
		sleeve.onCommand(authorise(auth, 3));
		sleeve.onCommand(command(UUID.randomUUID(), ID.value(), EventTypes.CMD_CANCEL, T0, T0.plusSeconds(60),
				Map.of("command", auth.toString(), "reason", "withdrawn")));
		assertThat(types()).containsExactly(EventTypes.COMMAND_ACK, EventTypes.UNLOCK, EventTypes.COMMAND_ACK,
				EventTypes.LOCK);
		assertThat(messages().get(3).body()).containsEntry("reason", "cancelled");
		assertThat(sleeve.stamp().stamped()).isFalse();
	}

	// ------------------------------------------------------------------ stamping

	@Test
	void threeOfThreeThenLocked() {
		sleeve.onCommand(authorise(UUID.randomUUID(), 3));
		for (int k = 1; k <= 3; k++) {
			assertThat(sleeve.stamp().k()).isEqualTo(k);
		}
		SealSleeve.StampResult fourth = sleeve.stamp();
		assertThat(fourth.stamped()).isFalse();
		assertThat(fourth.refusal()).contains("used up");
		List<DeviceMessage> out = messages();
		assertThat(out).extracting(DeviceMessage::type)
			.containsExactly("command.ack", "unlock", "lid.open", "impression", "impression", "impression", "lid.close",
					"lock");
		assertThat(out).extracting(DeviceMessage::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		assertThat(out.get(7).body()).containsEntry("reason", "done").containsEntry("authorisation", "AUTH-1");
		List<DeviceMessage> impressions = out.stream().filter(m -> m.type().equals("impression")).toList();
		assertThat(impressions).extracting(m -> m.body().get("k")).containsExactly(1, 2, 3);
		assertThat(impressions).allSatisfy(m -> assertThat(m.body()).containsEntry("n", 3));
		// each photo went out before its impression, under its own hash
		assertThat(blobs()).hasSize(3);
		for (int i = 0; i < 3; i++) {
			String sha = (String) impressions.get(i).body().get("photo");
			Out blob = blobs().get(i);
			assertThat(blob.topic()).isEqualTo(Topics.blob(ID, sha));
			assertThat(PagePhoto.sha256(blob.payload())).isEqualTo(sha);
			assertThat(blob.payload()).startsWith(0x89, 'P', 'N', 'G');
			String impressionJws = upJws().get(3 + i);
			Out impressionOut = wire.stream()
				.filter(o -> o.topic().equals(Topics.up(ID)) && o.text().equals(impressionJws))
				.findFirst()
				.orElseThrow();
			assertThat(wire.indexOf(blob)).isLessThan(wire.indexOf(impressionOut));
		}
	}

	@Test
	void expiryLocksAndRefusesStamps() {
		sleeve.onCommand(authorise(UUID.randomUUID(), 3));
		clock.now = T0.plus(Duration.ofMinutes(30));
		sleeve.tick();
		assertThat(types()).containsExactly("command.ack", "unlock");
		clock.now = clock.now.plusMillis(1);
		sleeve.tick();
		assertThat(types()).containsExactly("command.ack", "unlock", "lock");
		assertThat(messages().get(2).body()).containsEntry("reason", "expired");
		assertThat(sleeve.stamp().refusal()).contains("expired");
	}

	@Test
	void noAuthorisationNoStamp() {
		assertThat(sleeve.stamp().refusal()).contains("no authorisation");
		assertThat(wire).isEmpty();
	}

	@Test
	void helloOnConnectAndHeartbeat() {
		sleeve.connected();
		sleeve.heartbeat();
		sleeve.batteryLow();
		assertThat(types()).containsExactly("hello", "heartbeat", "battery.low");
		assertThat(messages().get(0).body()).containsKeys("fw", "battery");
		assertThat(messages().get(2).body()).containsEntry("battery", 9);
	}

	@Test
	void sequenceSurvivesARestartThroughTheStateFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
		java.nio.file.Path state = dir.resolve("sleeve.json");
		SealSleeve a = new SealSleeve(credential(), (t, p) -> true, SleeveMemory.file(state), clock, null);
		a.heartbeat();
		a.heartbeat();
		UUID cmd = UUID.randomUUID();
		a.onCommand(authorise(cmd, 1));
		SealSleeve b = new SealSleeve(credential(), (t, p) -> wire.add(new Out(t, p)), SleeveMemory.file(state), clock,
				null);
		b.heartbeat();
		b.onCommand(authorise(cmd, 1));
		assertThat(messages()).extracting(DeviceMessage::seq).containsExactly(5L, 6L);
		// the command was answered before the restart: the same answer again, no second unlock
		assertThat(types()).containsExactly("heartbeat", "command.ack");
	}

	// ------------------------------------------------------------------ misbehaviour

	@Test
	void extraImpressionStampsNPlusOne() {
		sleeve.misbehave(Misbehaviour.EXTRA_IMPRESSION, true);
		sleeve.onCommand(authorise(UUID.randomUUID(), 2));
		sleeve.stamp();
		sleeve.stamp();
		SealSleeve.StampResult extra = sleeve.stamp();
		assertThat(extra.stamped()).isTrue();
		assertThat(extra.k()).isEqualTo(3);
		DeviceMessage last = messages().get(messages().size() - 1);
		assertThat(last.type()).isEqualTo("impression");
		assertThat(last.body()).containsEntry("k", 3).containsEntry("n", 2).containsEntry("authorisation", "AUTH-1");
	}

	@Test
	void replayResendsThePreviousMessageByteForByte() {
		sleeve.heartbeat();
		sleeve.misbehave(Misbehaviour.REPLAY, true);
		sleeve.tamper("x");
		List<String> up = upJws();
		assertThat(up).hasSize(3);
		assertThat(up.get(2)).isEqualTo(up.get(0));
		sleeve.misbehave(Misbehaviour.REPLAY, false);
		assertThat(sleeve.replayLast()).isTrue();
		assertThat(upJws().get(3)).isEqualTo(up.get(1));
	}

	@Test
	void forgedSignaturesFailVerificationAndDoNotTakeASequenceNumber() {
		PublicKey devicePublic = Ed25519Keys.derivePublic(DEVICE.getPrivate());
		sleeve.misbehave(Misbehaviour.FORGED_SIGNATURE, true);
		sleeve.heartbeat();
		sleeve.heartbeat();
		sleeve.misbehave(Misbehaviour.FORGED_SIGNATURE, false);
		sleeve.forgeNext();
		sleeve.heartbeat();
		sleeve.heartbeat();
		List<String> up = upJws();
		assertThat(up).hasSize(4);
		for (int i = 0; i < 3; i++) {
			Jws.Parsed p = Jws.parse(up.get(i));
			assertThat(p.verifiedBy(devicePublic)).as("forged %d", i).isFalse();
			// valid JSON, the device's own key id: only the signature is wrong
			assertThat(p.keyId()).isEqualTo(ID.value() + ":1");
			assertThat(p.payloadAs(DeviceMessage.class).seq()).isEqualTo(1L);
		}
		assertThat(Jws.parse(up.get(3)).verifiedBy(devicePublic)).isTrue();
		assertThat(Jws.parse(up.get(3)).payloadAs(DeviceMessage.class).seq()).isEqualTo(1L);
	}

	@Test
	void offlineBatchGoesOutAsOneArrayInSequenceOrderAfterThePhotos() {
		sleeve.onCommand(authorise(UUID.randomUUID(), 2));
		int before = wire.size();
		sleeve.misbehave(Misbehaviour.OFFLINE_BATCH, true);
		sleeve.stamp();
		sleeve.stamp();
		sleeve.heartbeat();
		assertThat(wire).hasSize(before);
		assertThat(sleeve.buffered()).isEqualTo(6);
		sleeve.misbehave(Misbehaviour.OFFLINE_BATCH, false);
		List<Out> after = wire.subList(before, wire.size());
		assertThat(after).hasSize(3);
		assertThat(after.get(0).topic()).contains("/blob/");
		assertThat(after.get(1).topic()).contains("/blob/");
		Out batch = after.get(2);
		assertThat(batch.topic()).isEqualTo(Topics.up(ID));
		String[] items = JSON.readValue(batch.payload(), String[].class);
		List<DeviceMessage> msgs = Stream.of(items).map(j -> Jws.parse(j).payloadAs(DeviceMessage.class)).toList();
		assertThat(msgs).extracting(DeviceMessage::seq).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
		assertThat(msgs).extracting(DeviceMessage::type)
			.containsExactly("lid.open", "impression", "impression", "lid.close", "lock", "heartbeat");
		assertThat(Stream.of(items)).allMatch(j -> Jws.parse(j).verifiedBy(DEVICE.getPublic()));
	}

	@Test
	void aDroppedConnectionKeepsMessagesAndSendsThemAsABatchBeforeHello() {
		connected = false;
		sleeve.heartbeat();
		sleeve.heartbeat();
		assertThat(wire).isEmpty();
		connected = true;
		sleeve.connected();
		assertThat(wire).hasSize(2);
		assertThat(JSON.readValue(wire.get(0).payload(), String[].class)).hasSize(2);
		assertThat(Jws.parse(wire.get(1).text()).payloadAs(DeviceMessage.class).type()).isEqualTo("hello");
	}

	@Test
	void tamperSendsOneTamperEvent() {
		sleeve.misbehave(Misbehaviour.TAMPER, true);
		assertThat(types()).containsExactly("tamper");
		assertThat(sleeve.misbehaviours()).doesNotContain(Misbehaviour.TAMPER);
	}

	@Test
	void missingPhotoAnnouncesAHashWithoutBytes() {
		sleeve.misbehave(Misbehaviour.MISSING_PHOTO, true);
		sleeve.onCommand(authorise(UUID.randomUUID(), 1));
		SealSleeve.StampResult r = sleeve.stamp();
		assertThat(r.photoSha256()).matches("[0-9a-f]{64}");
		assertThat(blobs()).isEmpty();
		DeviceMessage impression = messages().stream().filter(m -> m.type().equals("impression")).findFirst().get();
		assertThat(impression.body()).containsEntry("photo", r.photoSha256());
	}

	@Test
	void stampWithoutAuthorisation() {
		sleeve.misbehave(Misbehaviour.STAMP_WITHOUT_AUTHORISATION, true);
		assertThat(sleeve.stamp().stamped()).isTrue();
		assertThat(types()).containsExactly("impression");
		assertThat(messages().get(0).body()).containsEntry("authorisation", null).containsEntry("k", 1);
		assertThat(blobs()).hasSize(1);
	}

	@Test
	void sequenceGapSkipsTwoNumbersPerMessage() {
		sleeve.heartbeat();
		sleeve.misbehave(Misbehaviour.SEQUENCE_GAP, true);
		sleeve.heartbeat();
		sleeve.misbehave(Misbehaviour.SEQUENCE_GAP, false);
		sleeve.heartbeat();
		assertThat(messages()).extracting(DeviceMessage::seq).containsExactly(1L, 4L, 5L);
	}

	@Test
	void stampAfterExpiry() {
		sleeve.misbehave(Misbehaviour.STAMP_AFTER_EXPIRY, true);
		sleeve.onCommand(authorise(UUID.randomUUID(), 3));
		clock.now = T0.plus(Duration.ofHours(1));
		SealSleeve.StampResult r = sleeve.stamp();
		assertThat(r.stamped()).isTrue();
		List<DeviceMessage> out = messages();
		assertThat(out).extracting(DeviceMessage::type).containsExactly("command.ack", "unlock", "lock", "impression");
		assertThat(out.get(3).at()).isAfter(T0.plus(Duration.ofMinutes(30)));
		assertThat(out.get(3).body()).containsEntry("authorisation", "AUTH-1").containsEntry("k", 1);
	}

	@Test
	void reusedSequenceSignsNewContentUnderAnOldNumber() {
		sleeve.heartbeat();
		sleeve.misbehave(Misbehaviour.REUSED_SEQUENCE, true);
		sleeve.tamper("clone");
		List<DeviceMessage> out = messages();
		assertThat(out).extracting(DeviceMessage::seq).containsExactly(1L, 1L);
		assertThat(out).extracting(DeviceMessage::type).containsExactly("heartbeat", "tamper");
	}

	@Test
	void flagsRoundTrip() {
		for (Misbehaviour m : Misbehaviour.values()) {
			assertThat(Misbehaviour.ofFlag(m.flag())).isEqualTo(m);
		}
		assertThat(Misbehaviour.EXTRA_IMPRESSION.flag()).isEqualTo("extra-impression");
	}
}
