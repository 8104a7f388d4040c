package org.civicloop.device.mqtt;

import org.civicloop.device.internal.BlobIntake;
import org.civicloop.device.internal.DeviceDirectory;
import org.civicloop.device.internal.DeviceProperties;
import org.civicloop.device.internal.DeviceService;
import org.civicloop.device.internal.Ingest;
import org.civicloop.platform.DataFolder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * MQTT on by default ({@code civicloop.device.mqtt.enabled=false} leaves only HTTP); the embedded
 * broker only when no external {@code civicloop.device.mqtt.url} is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "civicloop.device.mqtt", name = "enabled", havingValue = "true", matchIfMissing = true)
class MqttConfiguration {

	@Bean(destroyMethod = "stop")
	@ConditionalOnExpression("'${civicloop.device.mqtt.url:}'.isBlank()")
	EmbeddedBroker embeddedBroker(DeviceProperties props, DataFolder data, DeviceDirectory directory, DeviceService devices) {
		return new EmbeddedBroker(props, data, directory, devices);
	}

	@Bean
	MqttGateway mqttGateway(DeviceProperties props, ObjectProvider<EmbeddedBroker> embedded, Ingest ingest, BlobIntake blobs,
			DeviceService devices) {
		return new MqttGateway(props, embedded.getIfAvailable(), ingest, blobs, devices);
	}
}
