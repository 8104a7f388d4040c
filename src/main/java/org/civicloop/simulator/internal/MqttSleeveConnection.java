package org.civicloop.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.Topics;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A sleeve's MQTT session, as a device holds it: client id and user name = the device id, the
 * password from its credential, a retained last will "offline" on its status topic and a retained
 * "online" on connect, its command topic subscribed at QoS 1, everything published at QoS 1.
 * Reconnects by itself (Paho's automatic reconnect, and a retry loop for the first connection,
 * which Paho does not retry). {@code onConnected} runs only once the command topic is subscribed,
 * so that the platform's re-delivery on {@code hello} cannot arrive before the subscription.
 */
public final class MqttSleeveConnection implements SleeveLink {

	static final long RETRY_MILLIS = 2000;

	private final String brokerUrl;
	private final IssuedCredential credential;
	private final ScheduledExecutorService executor;
	private final Consumer<String> onCommand;
	private final Runnable onConnected;
	private final Consumer<String> onNote;
	private final MqttAsyncClient client;
	private volatile boolean wanted;

	/**
	 * @param executor the sleeve's own thread: commands, the connected hook and retries run on it
	 * @param onNote   lines for the sleeve's log (connection lost, refused …)
	 */
	public MqttSleeveConnection(String brokerUrl, IssuedCredential credential, ScheduledExecutorService executor,
			Consumer<String> onCommand, Runnable onConnected, Consumer<String> onNote) {
		this.brokerUrl = brokerUrl;
		this.credential = credential;
		this.executor = executor;
		this.onCommand = onCommand;
		this.onConnected = onConnected;
		this.onNote = onNote;
		try {
			this.client = new MqttAsyncClient(brokerUrl, credential.deviceId().value(), new MemoryPersistence());
		}
		catch (MqttException | IllegalArgumentException e) {
			throw new IllegalArgumentException("bad broker URL " + brokerUrl + ": " + e.getMessage());
		}
		client.setCallback(new MqttCallbackExtended() {

			@Override
			public void connectComplete(boolean reconnect, String serverURI) {
				subscribeThenAnnounce(reconnect);
			}

			@Override
			public void connectionLost(Throwable cause) {
				onNote.accept("connection lost: " + (cause == null ? "" : cause.getMessage()));
			}

			@Override
			public void messageArrived(String topic, MqttMessage message) {
				String text = new String(message.getPayload(), StandardCharsets.US_ASCII);
				executor.execute(() -> onCommand.accept(text));
			}

			@Override
			public void deliveryComplete(IMqttDeliveryToken token) {
			}
		});
	}

	private MqttConnectOptions options() {
		MqttConnectOptions o = new MqttConnectOptions();
		o.setUserName(credential.mqttUsername());
		o.setPassword(credential.mqttPassword().toCharArray());
		o.setWill(Topics.status(credential.deviceId()), "offline".getBytes(StandardCharsets.US_ASCII), 1, true);
		o.setAutomaticReconnect(true);
		o.setCleanSession(true);
		o.setMaxInflight(1000);
		o.setConnectionTimeout(5);
		o.setKeepAliveInterval(20);
		o.setMaxReconnectDelay(5000);
		return o;
	}

	/** Connects (in the background, retrying until {@link #disconnect} or {@link #close}). */
	@Override
	public void connect() {
		wanted = true;
		tryConnect();
	}

	private void tryConnect() {
		if (!wanted || client.isConnected()) {
			return;
		}
		try {
			client.connect(options(), null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
				}

				@Override
				public void onFailure(IMqttToken token, Throwable e) {
					onNote.accept("cannot connect to " + brokerUrl + ": " + (e == null ? "" : e.getMessage()));
					retryLater();
				}
			});
		}
		catch (MqttException e) {
			// "connect already in progress" and the like: look again later
			retryLater();
		}
	}

	private void retryLater() {
		if (wanted && !executor.isShutdown()) {
			executor.schedule(this::tryConnect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	private void subscribeThenAnnounce(boolean reconnect) {
		try {
			publish(Topics.status(credential.deviceId()), "online".getBytes(StandardCharsets.US_ASCII), true);
			client.subscribe(Topics.down(credential.deviceId()), 1, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					onNote.accept((reconnect ? "reconnected to " : "connected to ") + brokerUrl);
					executor.execute(onConnected);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable e) {
					onNote.accept("subscription refused: " + (e == null ? "" : e.getMessage()));
				}
			});
		}
		catch (MqttException e) {
			onNote.accept("subscription failed: " + e.getMessage());
		}
	}

	@Override
	public boolean isConnected() {
		return client.isConnected();
	}

	@Override
	public boolean publish(String topic, byte[] payload) {
		return publish(topic, payload, false);
	}

	private boolean publish(String topic, byte[] payload, boolean retained) {
		if (!client.isConnected()) {
			return false;
		}
		try {
			client.publish(topic, payload, 1, retained);
			return true;
		}
		catch (MqttException e) {
			return false;
		}
	}

	/** Says "offline" and leaves the broker until {@link #connect} is called again. */
	@Override
	public void disconnect() {
		wanted = false;
		if (!client.isConnected()) {
			return;
		}
		try {
			client.publish(Topics.status(credential.deviceId()), "offline".getBytes(StandardCharsets.US_ASCII), 1, true)
				.waitForCompletion(2000);
			client.disconnect(2000).waitForCompletion(3000);
			onNote.accept("disconnected");
		}
		catch (MqttException e) {
			onNote.accept("disconnect: " + e.getMessage());
		}
	}

	@Override
	public void close() {
		disconnect();
		try {
			client.close(true);
		}
		catch (MqttException e) {
			// closing anyway
		}
	}
}
