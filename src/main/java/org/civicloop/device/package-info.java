/**
 * Devices in the field — seal sleeves today, water-quality sensors next — and the one signed
 * protocol they speak: a registry of devices with their Ed25519 credentials (issued, rotated,
 * revoked), the MQTT gateway (an embedded broker by default, an external one such as Mosquitto by
 * configuration, plus an HTTP endpoint for devices without MQTT), verification of every message
 * (signature, sequence, duplicates, replays, gaps, offline batches), content-addressed photos, and
 * commands delivered to a device and kept until it acknowledges them or they expire.
 * <p>
 * It knows nothing of seals or rivers. Verified events are appended to a feed that the owning
 * module reads in order ({@link org.civicloop.device.DeviceEventFeed}) rather than one registry
 * event per message: a device fleet sends thousands of messages a second, and the feed costs one
 * batched insert where the publication registry would cost a row and a transaction per listener.
 * What is rare and must not be lost — protocol anomalies, command acknowledgements — goes out as
 * events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Devices")
package org.civicloop.device;
