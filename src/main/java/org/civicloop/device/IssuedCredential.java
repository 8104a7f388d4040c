package org.civicloop.device;

/**
 * A credential as handed to the device once, at provisioning: the PKCS#8 private key (PEM) that it
 * signs with, the key id it puts in its messages ({@code deviceId:version}), the MQTT user name and
 * password it connects with, and the platform's public key (PEM) that it verifies commands with.
 * The platform keeps only the public half; it cannot show the private key again.
 */
public record IssuedCredential(DeviceId deviceId, int version, String keyId, String privateKeyPem,
		String mqttUsername, String mqttPassword, String platformPublicKeyPem) {
}
