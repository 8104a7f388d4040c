package org.civicloop.device.protocol;

/**
 * Event types with a meaning for the gateway itself, and those of a seal sleeve. Bodies:
 * <ul>
 * <li>{@code hello} {fw, battery}: after (re)connecting; the platform re-sends pending commands;</li>
 * <li>{@code heartbeat} {battery};</li>
 * <li>{@code command.ack} {command (uuid), result ("accepted" | "rejected" | "done"), reason};</li>
 * <li>{@code unlock} {authorisation}: the sleeve opened under an authorisation;</li>
 * <li>{@code impression} {authorisation (or null: none in force), k, n, photo (sha256 hex or null)};</li>
 * <li>{@code lid.open} {}, {@code lid.close} {};</li>
 * <li>{@code lock} {authorisation, reason ("done" | "expired" | "cancelled" | "manual")};</li>
 * <li>{@code tamper} {reason};</li>
 * <li>{@code battery.low} {battery}.</li>
 * </ul>
 */
public final class EventTypes {

	public static final String HELLO = "hello";
	public static final String HEARTBEAT = "heartbeat";
	public static final String COMMAND_ACK = "command.ack";
	public static final String UNLOCK = "unlock";
	public static final String IMPRESSION = "impression";
	public static final String LID_OPEN = "lid.open";
	public static final String LID_CLOSE = "lid.close";
	public static final String LOCK = "lock";
	public static final String TAMPER = "tamper";
	public static final String BATTERY_LOW = "battery.low";

	/** Command types. {@code authorise} body: {authorisation, seal, impressions, nonce}. */
	public static final String CMD_AUTHORISE = "authorise";
	/** {@code cancel} body: {command (uuid of the command to drop), reason}. */
	public static final String CMD_CANCEL = "cancel";

	private EventTypes() {
	}
}
