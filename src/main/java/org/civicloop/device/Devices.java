package org.civicloop.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What other modules may do with devices. Writes are recorded in the audit log by this module and
 * must be called inside the caller's transaction when they belong to one of its decisions.
 */
public interface Devices {

	/** Registers a device with no credential yet (status REGISTERED); a known id is a conflict. */
	DeviceView register(DeviceId id, DeviceKind kind, String territoryCode, String label, String actor);

	Optional<DeviceView> find(DeviceId id);

	/** Devices of {@code kind} inside the subtree of {@code territoryCode}, by id. */
	List<DeviceView> within(DeviceKind kind, String territoryCode);

	/**
	 * Issues a new Ed25519 credential (a rotation when one exists: the old key stops being accepted for
	 * messages signed after now; a backlog signed before the rotation still verifies against it).
	 */
	IssuedCredential issueCredential(DeviceId id, String actor);

	/**
	 * In demo mode only: the last credential issued to a device, kept under the data folder so the
	 * shipped simulator can play that device. Empty outside demo mode and for devices provisioned
	 * for real (their private keys never stay on the platform).
	 */
	Optional<IssuedCredential> demoCredential(DeviceId id);

	/** Revokes the current credential: nothing signed with it is accepted any more. */
	void revoke(DeviceId id, String reason, String actor);

	/**
	 * Stores a command and delivers it over the device's command topic (signed by the platform key),
	 * again whenever the device reconnects or says hello, until it is acknowledged or expires.
	 * Delivery happens after the caller's transaction commits.
	 */
	CommandId sendCommand(DeviceId id, String type, Map<String, Object> body, Instant notBefore, Instant expiresAt);

	Optional<CommandStatus> command(CommandId id);

	/** Cancels a pending command (the device is told to drop it if it has it). */
	void cancelCommand(CommandId id, String reason);
}
