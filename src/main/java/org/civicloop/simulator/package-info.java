/**
 * The seal sleeve simulator shipped with the product: device-side software that plays a smart seal
 * sleeve (智能印章套) with a real credential over the real MQTT path, so that the whole loop — apply,
 * approve, authorise, unlock, stamp with a photo per page, lock — runs with no hardware, and that
 * misbehaves on request (an extra impression, a replay, a forged signature, an offline batch, a
 * tamper, a missing photo …) so that every anomaly the platform must raise can be provoked.
 * <p>
 * It stands where a device stands: it depends only on the device module's API and wire protocol
 * ({@code org.civicloop.device}, {@code org.civicloop.device.protocol}) and on nothing the platform
 * keeps inside. It runs as a jar command ({@code seal-simulator}), as a page ({@code /simulator}, demo
 * mode or administrators) and from tests ({@link org.civicloop.simulator.SimulatedSleeves}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Seal sleeve simulator 印章模拟器",
		allowedDependencies = { "device", "device :: protocol", "shared", "platform" })
package org.civicloop.simulator;
