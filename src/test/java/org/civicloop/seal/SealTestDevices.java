package org.civicloop.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.civicloop.device.CommandId;
import org.civicloop.device.CommandStatus;
import org.civicloop.device.DeviceEvent;
import org.civicloop.device.DeviceEventFeed;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.notification.Notice;
import org.civicloop.notification.Notifications;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stand-ins for the device and notification modules (their implementations live elsewhere): an
 * in-memory registry that records commands, a feed the tests append crafted events to, and an
 * inbox that records notices. Primary, so they win over the real beans once those exist.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SealTestDevices {

	public record SentCommand(CommandId id, DeviceId device, String type, Map<String, Object> body, Instant nbf,
			Instant exp) {
	}

	public static class FakeDevices implements Devices {

		public final Map<DeviceId, DeviceView> devices = new ConcurrentHashMap<>();
		public final List<SentCommand> commands = new CopyOnWriteArrayList<>();

		@Override
		public DeviceView register(DeviceId id, DeviceKind kind, String territoryCode, String label, String actor) {
			if (devices.containsKey(id)) {
				throw new IllegalStateException("known device " + id);
			}
			DeviceView v = new DeviceView(id, kind, territoryCode, label, DeviceStatus.REGISTERED, 0, 0, null, false);
			devices.put(id, v);
			return v;
		}

		@Override
		public Optional<DeviceView> find(DeviceId id) {
			return Optional.ofNullable(devices.get(id));
		}

		@Override
		public List<DeviceView> within(DeviceKind kind, String territoryCode) {
			return devices.values().stream().filter(d -> d.kind() == kind).toList();
		}

		@Override
		public IssuedCredential issueCredential(DeviceId id, String actor) {
			return new IssuedCredential(id, 1, id.value() + ":1", "pem", id.value(), "pw", "pub");
		}

		@Override
		public Optional<IssuedCredential> demoCredential(DeviceId id) {
			return Optional.empty();
		}

		@Override
		public void revoke(DeviceId id, String reason, String actor) {
		}

		@Override
		public CommandId sendCommand(DeviceId id, String type, Map<String, Object> body, Instant notBefore,
				Instant expiresAt) {
			CommandId c = new CommandId(UUID.randomUUID());
			commands.add(new SentCommand(c, id, type, body, notBefore, expiresAt));
			return c;
		}

		@Override
		public Optional<CommandStatus> command(CommandId id) {
			return Optional.empty();
		}

		@Override
		public void cancelCommand(CommandId id, String reason) {
		}

		public SentCommand lastTo(String device) {
			List<SentCommand> to = commands.stream().filter(c -> c.device().value().equals(device)).toList();
			return to.get(to.size() - 1);
		}
	}

	public static class FakeFeed implements DeviceEventFeed {

		public final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
		public final Set<String> blobs = java.util.Collections.synchronizedSet(new HashSet<>());
		private final AtomicLong position = new AtomicLong(1_000_000);
		private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

		/** Appends a verified event of a seal sleeve as the device module would. */
		public DeviceEvent append(String device, String type, Instant deviceTime, Map<String, Object> body) {
			long seq = seqs.computeIfAbsent(device, d -> new AtomicLong(1000)).incrementAndGet();
			DeviceEvent e = new DeviceEvent(position.incrementAndGet(), DeviceId.of(device), DeviceKind.SEAL_SLEEVE,
					"330110112001", seq, type, deviceTime, Instant.now(), false, body);
			events.add(e);
			return e;
		}

		@Override
		public List<DeviceEvent> after(DeviceKind kind, long pos, int limit) {
			List<DeviceEvent> out = new ArrayList<>();
			for (DeviceEvent e : events) {
				if (e.kind() == kind && e.position() > pos && out.size() < limit) {
					out.add(e);
				}
			}
			return out;
		}

		@Override
		public List<DeviceEvent> ofDevice(DeviceId id, long fromSeq, long toSeq) {
			return events.stream().filter(e -> e.deviceId().equals(id) && e.seq() >= fromSeq && e.seq() <= toSeq).toList();
		}

		@Override
		public Optional<byte[]> blob(String sha256) {
			return blobs.contains(sha256) ? Optional.of(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF }) : Optional.empty();
		}

		@Override
		public boolean hasBlob(String sha256) {
			return blobs.contains(sha256);
		}

		@Override
		public void onAppended(DeviceKind kind, Runnable wakeUp) {
		}
	}

	public static class Inbox implements Notifications {

		public final List<Notice> notices = new CopyOnWriteArrayList<>();
		private final Set<String> keys = ConcurrentHashMap.newKeySet();

		@Override
		public boolean send(Notice n) {
			if (!keys.add(n.eventKey() + "|" + n.recipientUser() + "|" + n.recipientTerritory())) {
				return false;
			}
			notices.add(n);
			return true;
		}

		@Override
		public boolean email(String eventKey, String address, String source, String messageKey, List<String> args) {
			// the seal module addresses accounts only, never a bare e-mail address
			throw new AssertionError("unexpected e-mail to an address from the seal module");
		}
	}

	@Bean
	@Primary
	FakeDevices fakeDevices() {
		return new FakeDevices();
	}

	@Bean
	@Primary
	FakeFeed fakeFeed() {
		return new FakeFeed();
	}

	@Bean
	@Primary
	Inbox fakeInbox() {
		return new Inbox();
	}
}
