package org.civicloop.device;

import java.util.List;
import java.util.Optional;

/**
 * The verified events in the order they were accepted. A reader keeps its own cursor (the last
 * {@link DeviceEvent#position()} it handled) in its own tables, in the same transaction as what it
 * does with the events, so that handling is exactly-once from its point of view.
 */
public interface DeviceEventFeed {

	/** Up to {@code limit} events of {@code kind} with a position after {@code position}, in order. */
	List<DeviceEvent> after(DeviceKind kind, long position, int limit);

	/** Every event of one device with {@code from <= seq <= to}, in order (for a trace). */
	List<DeviceEvent> ofDevice(DeviceId id, long fromSeq, long toSeq);

	/** The bytes of a photo or other blob a device uploaded, by its SHA-256 (hex), if received. */
	Optional<byte[]> blob(String sha256);

	/** Whether a blob with this SHA-256 has been received. */
	boolean hasBlob(String sha256);

	/**
	 * Registers a callback run (on a gateway thread, after the commit) whenever new events of
	 * {@code kind} were appended, so a reader need not poll fast; it must return quickly.
	 */
	void onAppended(DeviceKind kind, Runnable wakeUp);
}
