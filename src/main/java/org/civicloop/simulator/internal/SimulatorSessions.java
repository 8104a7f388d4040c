package org.civicloop.simulator.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.civicloop.device.DeviceBroker;
import org.civicloop.device.DeviceId;
import org.civicloop.device.IssuedCredential;
import org.civicloop.simulator.SimulatedSleeve;
import org.civicloop.simulator.SimulatedSleeves;
import org.civicloop.simulator.SleeveMemory;
import org.civicloop.simulator.SleeveOptions;
import org.springframework.stereotype.Component;

/**
 * The sleeves the page runs inside the application, one per device at most, each on its own real
 * MQTT connection to the platform's broker: by default the embedded one
 * ({@code civicloop.device.mqtt.embedded-port}, 18830), or {@code civicloop.device.mqtt.url}.
 */
@Component
public class SimulatorSessions {

	/** A demo does not need more, and each costs a thread and a connection. */
	static final int MAX_RUNNING = 20;

	public record Running(SimulatedSleeve sleeve, String startedBy, boolean autoStamp) {
	}

	private final DeviceBroker broker;
	private final Map<DeviceId, Running> running = new ConcurrentHashMap<>();

	SimulatorSessions(DeviceBroker broker) {
		this.broker = broker;
	}

	public String brokerUrl() {
		return broker.url();
	}

	/**
	 * Starts a sleeve for the device unless one runs already. {@code lastSeq} is the highest sequence
	 * number the platform accepted from the device, so that the page's sleeve carries on after it
	 * rather than being taken for a replay.
	 */
	public synchronized Running start(IssuedCredential credential, long lastSeq, boolean autoStamp, String actor) {
		Running r = running.get(credential.deviceId());
		if (r != null) {
			return r;
		}
		if (running.size() >= MAX_RUNNING) {
			throw new IllegalStateException("at most " + MAX_RUNNING + " simulated sleeves run at once");
		}
		SimulatedSleeve sleeve = SimulatedSleeves.start(credential, brokerUrl(), SleeveOptions.defaults()
			.withAutoStamp(autoStamp, Duration.ofSeconds(1))
			.withMemory(SleeveMemory.inMemory(Math.max(0, lastSeq))));
		r = new Running(sleeve, actor, autoStamp);
		running.put(credential.deviceId(), r);
		return r;
	}

	public Optional<Running> get(DeviceId id) {
		return Optional.ofNullable(running.get(id));
	}

	public void stop(DeviceId id) {
		Running r = running.remove(id);
		if (r != null) {
			r.sleeve().close();
		}
	}

	public List<DeviceId> ids() {
		return List.copyOf(running.keySet());
	}

	@PreDestroy
	void stopAll() {
		ids().forEach(this::stop);
	}
}
