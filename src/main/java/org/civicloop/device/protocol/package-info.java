/**
 * The wire format devices and the platform share (docs/device-protocol.md): messages are JWS
 * compact serialisations (RFC 7515) signed with Ed25519 (RFC 8037, {@code "alg":"EdDSA"}), so the
 * signed bytes are exactly the bytes sent and no JSON canonicalisation is needed. Device software,
 * the simulator and the gateway all use these classes; they depend on nothing but the JDK and
 * Jackson.
 */
@org.springframework.modulith.NamedInterface("protocol")
package org.civicloop.device.protocol;
