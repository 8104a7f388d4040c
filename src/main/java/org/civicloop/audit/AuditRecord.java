package org.civicloop.audit;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One thing to record: who ({@code actor}: a username or {@value #SYSTEM}), did what
 * ({@code action}, dotted, e.g. {@code territory.import}), to which record, where (a territory
 * code or {@code null}), when, with details that become canonical JSON. {@code sourceKey} makes
 * recording idempotent: the same key is recorded once however often it is offered (e.g. an event
 * delivered again after a restart); {@code null} means "always a new entry".
 */
public record AuditRecord(String actor, String action, String recordType, String recordId, String territoryCode,
		Instant occurredAt, Map<String, ?> details, String sourceKey) {

	public static final String SYSTEM = "system";

	public AuditRecord {
		actor = actor == null || actor.isBlank() ? SYSTEM : actor;
		occurredAt = occurredAt == null ? Instant.now() : occurredAt;
		details = details == null ? Map.of() : details;
	}

	/** A record of {@code action} on {@code recordType}/{@code recordId} by {@code actor}, now. */
	public static AuditRecord of(String actor, String action, String recordType, String recordId) {
		return new AuditRecord(actor, action, recordType, recordId, null, null, null, null);
	}

	public AuditRecord inTerritory(String code) {
		return new AuditRecord(actor, action, recordType, recordId, code, occurredAt, details, sourceKey);
	}

	public AuditRecord at(Instant when) {
		return new AuditRecord(actor, action, recordType, recordId, territoryCode, when, details, sourceKey);
	}

	public AuditRecord withDetails(Map<String, ?> values) {
		return new AuditRecord(actor, action, recordType, recordId, territoryCode, occurredAt, values, sourceKey);
	}

	/** Adds one detail (values: strings, numbers without fraction, booleans, null, lists, maps). */
	public AuditRecord detail(String key, Object value) {
		Map<String, Object> copy = new TreeMap<>(details);
		copy.put(key, value);
		return withDetails(copy);
	}

	public AuditRecord withSourceKey(String key) {
		return new AuditRecord(actor, action, recordType, recordId, territoryCode, occurredAt, details, key);
	}
}
