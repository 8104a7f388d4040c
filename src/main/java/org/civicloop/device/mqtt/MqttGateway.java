package org.civicloop.device.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.civicloop.device.DeviceBroker;
import org.civicloop.device.DeviceId;
import org.civicloop.device.internal.BlobIntake;
import org.civicloop.device.internal.DeviceProperties;
import org.civicloop.device.internal.DeviceService;
import org.civicloop.device.internal.DownLink;
import org.civicloop.device.internal.Ingest;
import org.civicloop.device.protocol.Topics;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The platform's MQTT client: subscribes (QoS 1) to every device's up, blob and status topics and
 * hands what arrives to the ingest pipeline, the blob intake or the presence column; publishes
 * signed commands on the down topics. Paho reconnects by itself and the subscriptions are renewed
 * on every connect. Every callback catches everything: an exception would make Paho drop the
 * connection, and nothing a device sends may do that.
 */
public class MqttGateway implements DownLink, DeviceBroker, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MqttGateway.class);

	private final String url;
	private final String username;
	private final char[] password;
	private final String clientId;
	private final boolean cleanSession;
	private final Ingest ingest;
	private final BlobIntake blobs;
	private final DeviceService devices;
	private MqttAsyncClient client;
	private volatile boolean running;

	MqttGateway(DeviceProperties props, EmbeddedBroker embedded, Ingest ingest, BlobIntake blobs, DeviceService devices) {
		DeviceProperties.Mqtt m = props.mqtt();
		this.url = embedded != null ? embedded.url() : m.url();
		this.username = embedded != null ? EmbeddedBroker.PLATFORM_USER : m.username();
		this.password = embedded != null ? embedded.platformSecret().toCharArray()
				: m.password() == null ? null : m.password().toCharArray();
		this.cleanSession = m.clientId() == null;
		this.clientId = m.clientId() != null ? m.clientId() : "civicloop-platform-" + UUID.randomUUID().toString().substring(0, 8);
		this.ingest = ingest;
		this.blobs = blobs;
		this.devices = devices;
	}

	@Override
	public String url() {
		return url;
	}

	@Override
	public void start() {
		try {
			client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
			client.setCallback(new MqttCallbackExtended() {
				@Override
				public void connectComplete(boolean reconnect, String serverURI) {
					subscribe();
				}

				@Override
				public void connectionLost(Throwable cause) {
					log.warn("MQTT connection to {} lost ({}); reconnecting", url, cause == null ? "-" : cause.toString());
				}

				@Override
				public void messageArrived(String topic, MqttMessage message) {
					route(topic, message.getPayload());
				}

				@Override
				public void deliveryComplete(IMqttDeliveryToken token) {
				}
			});
			MqttConnectOptions o = new MqttConnectOptions();
			o.setAutomaticReconnect(true);
			o.setCleanSession(cleanSession);
			o.setMaxInflight(1000);
			o.setKeepAliveInterval(30);
			o.setConnectionTimeout(10);
			if (username != null) {
				o.setUserName(username);
			}
			if (password != null) {
				o.setPassword(password);
			}
			client.connect(o).waitForCompletion(15_000);
			running = true;
			log.info("MQTT gateway connected to {} as {}", url, clientId);
		}
		catch (MqttException e) {
			throw new IllegalStateException("cannot connect to the MQTT broker at " + url + ": " + e.getMessage(), e);
		}
	}

	private void subscribe() {
		try {
			client.subscribe(new String[] { Topics.ALL_UP, Topics.ALL_BLOBS, Topics.ALL_STATUS }, new int[] { 1, 1, 1 });
		}
		catch (MqttException e) {
			log.error("MQTT subscription failed: {}", e.toString());
		}
	}

	void route(String topic, byte[] payload) {
		DeviceId device = Topics.deviceOf(topic);
		try {
			String dev = device == null ? null : device.value();
			String rest = device == null ? topic : topic.substring(Topics.ROOT.length() + dev.length());
			if (rest.equals("/up")) {
				ingest.submit(dev, payload, false);
			}
			else if (rest.startsWith("/blob/")) {
				blobs.accept(dev, rest.substring("/blob/".length()), payload);
			}
			else if (rest.equals("/status") && device != null) {
				String s = new String(payload, StandardCharsets.US_ASCII).trim();
				if (s.equals("online") || s.equals("offline")) {
					devices.markOnline(device, s.equals("online"));
				}
			}
		}
		catch (Throwable t) {
			log.warn("MQTT message on a topic of {} could not be handled: {}", device, t.toString());
		}
	}

	@Override
	public boolean send(DeviceId device, String jws) {
		MqttAsyncClient c = client;
		if (c == null || !c.isConnected()) {
			return false;
		}
		try {
			c.publish(Topics.down(device), jws.getBytes(StandardCharsets.US_ASCII), 1, false);
			return true;
		}
		catch (MqttException e) {
			log.warn("command to {} not published: {}", device, e.toString());
			return false;
		}
	}

	@Override
	public void stop() {
		running = false;
		try {
			if (client != null) {
				if (client.isConnected()) {
					client.disconnect(2000).waitForCompletion(3000);
				}
				client.close(true);
			}
		}
		catch (MqttException e) {
			log.debug("MQTT disconnect: {}", e.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** After the ingest workers start, before they stop. */
	@Override
	public int getPhase() {
		return 10;
	}
}
