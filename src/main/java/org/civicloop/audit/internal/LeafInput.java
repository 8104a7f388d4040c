package org.civicloop.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes that are leaf-hashed: the canonical JSON of the whole entry, including its position in
 * the log and when it was sequenced, so that neither can be changed without changing the leaf.
 * The full check renders this again from the table's columns, which catches an edit of a column
 * even when {@code leaf_input} was left alone.
 */
public final class LeafInput {

	public static final int VERSION = 1;

	private LeafInput() {
	}

	public static byte[] render(long index, String actor, String action, String recordType, String recordId,
			String territoryCode, Instant occurredAt, Instant sequencedAt, String detailsJson) {
		Map<String, Object> m = new HashMap<>();
		m.put("v", VERSION);
		m.put("index", index);
		m.put("actor", actor);
		m.put("action", action);
		m.put("recordType", recordType);
		m.put("recordId", recordId);
		m.put("territory", territoryCode);
		m.put("occurredAt", occurredAt.toString());
		m.put("sequencedAt", sequencedAt.toString());
		m.put("details", new CanonicalJson.Raw(detailsJson));
		return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
	}
}
