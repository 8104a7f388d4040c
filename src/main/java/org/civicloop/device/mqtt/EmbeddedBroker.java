package org.civicloop.device.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceStatus;
import org.civicloop.device.internal.BlobIntake;
import org.civicloop.device.internal.DeviceDirectory;
import org.civicloop.device.internal.DeviceProperties;
import org.civicloop.device.internal.DeviceService;
import org.civicloop.device.protocol.Topics;
import org.civicloop.platform.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker (Moquette, in memory, no persistence) used unless
 * {@code civicloop.device.mqtt.url} names an external one. It authenticates every client: a device
 * with its id as user name and client id and its MQTT password, the platform with a secret kept in
 * the data folder. A device may publish only to its own {@code up}, {@code blob/+} and
 * {@code status} topics and subscribe only to its own {@code down}; the platform may do anything.
 */
public class EmbeddedBroker {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

	/** The platform's user name at the embedded broker; no device id can have a colon. */
	public static final String PLATFORM_USER = "civicloop:platform";

	private final Server server = new Server();
	private final int port;
	private final String host;
	private final String platformSecret;

	EmbeddedBroker(DeviceProperties props, DataFolder data, DeviceDirectory directory, DeviceService devices) {
		this.port = props.mqtt().embeddedPort() == 0 ? freePort() : props.mqtt().embeddedPort();
		if (port == 1883) {
			throw new IllegalStateException("civicloop.device.mqtt.embedded-port must not be 1883: that is the system broker's");
		}
		this.host = props.mqtt().host();
		this.platformSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(data.secret("device-mqtt-platform", 24));
		Properties p = new Properties();
		p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
		p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
		p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
		p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
		p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
		p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
		p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "false");
		// a photo of up to 5 MB plus the MQTT header; larger packets close the connection
		p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(BlobIntake.MAX_BYTES + 64 * 1024));
		p.setProperty(BrokerConstants.REAUTHORIZE_SUBSCRIPTIONS_ON_CONNECT, "true");
		// Moquette's per-loop command queue (default 1024) drops publishes without acknowledging
		// them when full, which leaves QoS 1 senders waiting for ever under a burst (an offline
		// fleet coming back at once); a deeper queue absorbs such bursts
		p.setProperty(BrokerConstants.SESSION_QUEUE_SIZE, "65536");
		IAuthenticator authenticator = (clientId, username, password) -> {
			try {
				if (PLATFORM_USER.equals(username)) {
					return password != null && platformSecret.equals(new String(password, StandardCharsets.UTF_8));
				}
				if (username == null || password == null || !username.equals(clientId)) {
					return false;
				}
				DeviceDirectory.Entry e = directory.get(DeviceId.of(username).value());
				return e != null && e.status() == DeviceStatus.ACTIVE
						&& DeviceService.passwordMatches(new String(password, StandardCharsets.UTF_8), e.mqttPasswordHash());
			}
			catch (RuntimeException e) {
				return false;
			}
		};
		IAuthorizatorPolicy policy = new IAuthorizatorPolicy() {
			@Override
			public boolean canWrite(Topic topic, String user, String client) {
				return PLATFORM_USER.equals(user) || mayPublish(topic.toString(), user);
			}

			@Override
			public boolean canRead(Topic topic, String user, String client) {
				return PLATFORM_USER.equals(user) || mayRead(topic.toString(), user);
			}
		};
		AbstractInterceptHandler presence = new AbstractInterceptHandler() {
			@Override
			public String getID() {
				return "civicloop-presence";
			}

			@Override
			public void onConnect(InterceptConnectMessage msg) {
				try {
					if (msg.getUsername() != null && !PLATFORM_USER.equals(msg.getUsername())) {
						devices.markOnline(DeviceId.of(msg.getUsername()), true);
					}
				}
				catch (RuntimeException e) {
					log.debug("presence update failed for {}", msg.getUsername(), e);
				}
			}

			@Override
			public void onDisconnect(InterceptDisconnectMessage msg) {
				offline(msg.getUsername());
			}

			@Override
			public void onConnectionLost(InterceptConnectionLostMessage msg) {
				offline(msg.getUsername());
			}

			private void offline(String user) {
				try {
					if (user != null && !PLATFORM_USER.equals(user)) {
						devices.markOnline(DeviceId.of(user), false);
					}
				}
				catch (RuntimeException e) {
					log.debug("presence update failed for {}", user, e);
				}
			}

			@Override
			public void onSessionLoopError(Throwable error) {
				log.warn("embedded MQTT broker session error: {}", error.toString());
			}
		};
		try {
			server.startServer(new MemoryConfig(p), List.of(presence), null, authenticator, policy);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start the embedded MQTT broker on " + host + ":" + port, e);
		}
		log.info("embedded MQTT broker on {}:{}", host, port);
	}

	/** Publish: {@code civicloop/d/<own id>/up}, {@code …/status}, {@code …/blob/<one level>}. */
	static boolean mayPublish(String topic, String user) {
		if (user == null || user.isEmpty()) {
			return false;
		}
		String own = Topics.ROOT + user + "/";
		if (!topic.startsWith(own)) {
			return false;
		}
		String rest = topic.substring(own.length());
		if (rest.equals("up") || rest.equals("status")) {
			return true;
		}
		return rest.startsWith("blob/") && rest.length() > 5 && rest.indexOf('/', 5) < 0 && rest.indexOf('+') < 0
				&& rest.indexOf('#') < 0;
	}

	/** Subscribe: only {@code civicloop/d/<own id>/down}, no wildcards. */
	static boolean mayRead(String topic, String user) {
		return user != null && !user.isEmpty() && topic.equals(Topics.ROOT + user + "/down");
	}

	private static int freePort() {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public String url() {
		return "tcp://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
	}

	public int port() {
		return port;
	}

	String platformSecret() {
		return platformSecret;
	}

	void stop() {
		server.stopServer();
	}
}
