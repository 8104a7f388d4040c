package org.civicloop.seal.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.Devices;
import org.civicloop.identity.Accounts;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Seals with their custodians and sleeves, and the power list. */
@Service
public class SealRegistry {

	/** Seal types of the practice; the list is open (an administrator may use another code). */
	public static final List<String> TYPES = List.of("PARTY_BRANCH", "VILLAGE_COMMITTEE", "ECONOMIC_COOP", "FINANCE",
			"COMMUNITY_COMMITTEE");

	public record Seal(UUID id, String villageCode, String type, String name, UUID custodianId, String custodianName,
			String status, String deviceId, Instant lastHeardAt) {
	}

	public record PowerItem(String code, String nameZh, String nameEn, List<String> sealTypes, ApprovalChain chain,
			boolean documentRequired, int maxImpressions, boolean active, int sortOrder) {

		public List<String> steps() {
			return chain.steps().stream().map(Role::name).toList();
		}

		public String name(boolean english) {
			return english ? nameEn : nameZh;
		}
	}

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final AuditLog audit;
	private final Accounts people;
	private final ObjectProvider<Devices> devices;

	SealRegistry(JdbcClient jdbc, JurisdictionScope scope, AuditLog audit, Accounts people, ObjectProvider<Devices> devices) {
		this.jdbc = jdbc;
		this.scope = scope;
		this.audit = audit;
		this.people = people;
		this.devices = devices;
	}

	// ── seals ────────────────────────────────────────────────────────────────────────────

	static Seal seal(ResultSet rs, int i) throws SQLException {
		Timestamp heard = rs.getTimestamp("last_heard_at");
		return new Seal(rs.getObject("id", UUID.class), rs.getString("village_code"), rs.getString("seal_type"),
				rs.getString("name"), rs.getObject("custodian_id", UUID.class), rs.getString("custodian_name"),
				rs.getString("status"), rs.getString("device_id"), heard == null ? null : heard.toInstant());
	}

	/** Seals inside the caller's jurisdiction (a villager sees those of their village, to apply). */
	public List<Seal> visible(String villageCode) {
		JurisdictionScope.SqlFilter f = scope.sqlFilter("village_code");
		return jdbc.sql("SELECT * FROM seal_seal WHERE " + f.condition()
				+ (villageCode == null ? "" : " AND village_code = :v") + " ORDER BY village_code, seal_type LIMIT 500")
			.params(f.params())
			.params(villageCode == null ? Map.of() : Map.of("v", villageCode))
			.query(SealRegistry::seal)
			.list();
	}

	public Optional<Seal> find(UUID id) {
		return jdbc.sql("SELECT * FROM seal_seal WHERE id = :id").param("id", id).query(SealRegistry::seal).optional();
	}

	/** A seal the caller may see (404 for an unknown one, 403 outside their jurisdiction). */
	public Seal get(UUID id) {
		Seal s = find(id).orElseThrow(() -> new NotFoundException("No seal " + id));
		scope.require(TerritoryCode.of(s.villageCode()));
		return s;
	}

	public Optional<Seal> byDevice(String deviceId) {
		return jdbc.sql("SELECT * FROM seal_seal WHERE device_id = :d").param("d", deviceId).query(SealRegistry::seal).optional();
	}

	/** ADMIN anywhere; the village secretary for their own village. */
	void requireManager(String villageCode) {
		Jurisdiction j = scope.current();
		if (!(j.has(Role.ADMIN) || j.has(Role.VILLAGE_SECRETARY)) || !j.covers(villageCode)) {
			throw new OutOfJurisdictionException(villageCode);
		}
	}

	public boolean canManage(String villageCode) {
		Jurisdiction j = scope.current();
		return (j.has(Role.ADMIN) || j.has(Role.VILLAGE_SECRETARY)) && j.covers(villageCode);
	}

	@Transactional
	public Seal add(String villageCode, String type, String name, String custodianUsername) {
		if (villageCode == null || !TerritoryCode.isValid(villageCode)) {
			throw new IllegalArgumentException("a valid village code is required");
		}
		requireManager(villageCode);
		if (type == null || !type.matches("[A-Z_]{2,30}")) {
			throw new IllegalArgumentException("seal type is 2-30 characters A-Z and _");
		}
		if (name == null || name.isBlank() || name.length() > 100) {
			throw new IllegalArgumentException("seal name is 1-100 characters");
		}
		Accounts.Person custodian = null;
		if (custodianUsername != null && !custodianUsername.isBlank()) {
			custodian = people.byUsername(custodianUsername.trim())
				.orElseThrow(() -> new IllegalArgumentException("no such user: " + custodianUsername));
		}
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO seal_seal (id, village_code, seal_type, name, custodian_id, custodian_name)
				VALUES (:id, :v, :t, :n, :c, :cn)""")
			.param("id", id).param("v", villageCode).param("t", type).param("n", name.trim())
			.param("c", custodian == null ? null : custodian.id())
			.param("cn", custodian == null ? null : custodian.username())
			.update();
		audit.record(AuditRecord.of(actor(), "seal.registered", "seal", id.toString()).inTerritory(villageCode)
			.detail("type", type).detail("name", name.trim())
			.detail("custodian", custodian == null ? null : custodian.username()));
		return find(id).orElseThrow();
	}

	/**
	 * Registers the sleeve with the device module (it must be new there) and binds it; with
	 * {@code issueCredential} the device gets its first key pair right away (demo devices).
	 */
	@Transactional
	public Seal bindDevice(UUID sealId, String deviceId, boolean issueCredential) {
		Seal s = find(sealId).orElseThrow(() -> new NotFoundException("No seal " + sealId));
		requireManager(s.villageCode());
		DeviceId id = DeviceId.of(deviceId);
		if (s.deviceId() != null) {
			throw new IllegalStateException("seal " + sealId + " already has device " + s.deviceId());
		}
		if (byDevice(id.value()).isPresent()) {
			throw new IllegalStateException("device " + id + " is bound to another seal");
		}
		Devices d = devices.getObject();
		if (d.find(id).isEmpty()) {
			d.register(id, DeviceKind.SEAL_SLEEVE, s.villageCode(), s.name(), actor());
		}
		if (issueCredential) {
			d.issueCredential(id, actor());
		}
		jdbc.sql("UPDATE seal_seal SET device_id = :d WHERE id = :id").param("d", id.value()).param("id", sealId).update();
		audit.record(AuditRecord.of(actor(), "seal.device-bound", "seal", sealId.toString()).inTerritory(s.villageCode())
			.detail("device", id.value()));
		return find(sealId).orElseThrow();
	}

	void heard(UUID sealId, Instant at) {
		jdbc.sql("UPDATE seal_seal SET last_heard_at = GREATEST(COALESCE(last_heard_at, :at), :at), silent_flagged = FALSE WHERE id = :id")
			.param("at", Timestamp.from(at)).param("id", sealId).update();
	}

	// ── power list ───────────────────────────────────────────────────────────────────────

	static PowerItem item(ResultSet rs, int i) throws SQLException {
		return new PowerItem(rs.getString("code"), rs.getString("name_zh"), rs.getString("name_en"),
				Arrays.stream(rs.getString("seal_types").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
				ApprovalChain.parse(rs.getString("approval_chain")), rs.getBoolean("document_required"),
				rs.getInt("max_impressions"), rs.getBoolean("active"), rs.getInt("sort_order"));
	}

	public List<PowerItem> items(boolean activeOnly) {
		return jdbc.sql("SELECT * FROM seal_power_item" + (activeOnly ? " WHERE active" : "") + " ORDER BY sort_order, code")
			.query(SealRegistry::item)
			.list();
	}

	public Optional<PowerItem> item(String code) {
		return jdbc.sql("SELECT * FROM seal_power_item WHERE code = :c").param("c", code).query(SealRegistry::item).optional();
	}

	public Map<String, PowerItem> itemsByCode() {
		Map<String, PowerItem> out = new HashMap<>();
		items(false).forEach(i -> out.put(i.code(), i));
		return out;
	}

	/** Creates or replaces an item (ADMIN). */
	@Transactional
	public PowerItem saveItem(String code, String nameZh, String nameEn, List<String> sealTypes, List<String> steps,
			boolean documentRequired, int maxImpressions, boolean active, int sortOrder) {
		if (!scope.current().has(Role.ADMIN)) {
			throw new OutOfJurisdictionException("power list");
		}
		if (code == null || !code.matches("[a-z0-9-]{2,40}")) {
			throw new IllegalArgumentException("item code is 2-40 characters a-z 0-9 -");
		}
		if (blankOrLong(nameZh, 100) || blankOrLong(nameEn, 100)) {
			throw new IllegalArgumentException("names are 1-100 characters");
		}
		List<String> types = sealTypes == null ? List.of() : sealTypes.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
		if (types.isEmpty() || types.stream().anyMatch(t -> !t.matches("[A-Z_]{2,30}"))) {
			throw new IllegalArgumentException("at least one seal type (A-Z and _)");
		}
		List<Role> roles = new ArrayList<>();
		for (String s : steps == null ? List.<String>of() : steps) {
			if (s != null && !s.isBlank()) {
				try {
					roles.add(Role.valueOf(s.trim()));
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("unknown role " + s);
				}
			}
		}
		if (roles.contains(Role.RESIDENT) || roles.contains(Role.ADMIN)) {
			throw new IllegalArgumentException("residents and administrators do not approve seal use");
		}
		if (maxImpressions < 1 || maxImpressions > 200) {
			throw new IllegalArgumentException("max impressions is 1-200");
		}
		ApprovalChain chain = new ApprovalChain(roles);
		jdbc.sql("""
				INSERT INTO seal_power_item (code, name_zh, name_en, seal_types, approval_chain, document_required, max_impressions, active, sort_order)
				VALUES (:c, :zh, :en, :t, :a, :d, :m, :act, :o)
				ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
				  seal_types = EXCLUDED.seal_types, approval_chain = EXCLUDED.approval_chain,
				  document_required = EXCLUDED.document_required, max_impressions = EXCLUDED.max_impressions,
				  active = EXCLUDED.active, sort_order = EXCLUDED.sort_order""")
			.param("c", code).param("zh", nameZh.trim()).param("en", nameEn.trim()).param("t", String.join(",", types))
			.param("a", chain.csv()).param("d", documentRequired).param("m", maxImpressions).param("act", active)
			.param("o", sortOrder)
			.update();
		audit.record(AuditRecord.of(actor(), "seal.power-item.saved", "seal-power-item", code)
			.detail("sealTypes", types).detail("chain", chain.csv()).detail("documentRequired", documentRequired)
			.detail("maxImpressions", maxImpressions).detail("active", active));
		return item(code).orElseThrow();
	}

	private static boolean blankOrLong(String s, int max) {
		return s == null || s.isBlank() || s.length() > max;
	}

	String actor() {
		String u = scope.current().username();
		return u == null ? AuditRecord.SYSTEM : u;
	}

	static final Set<Role> OVERSEERS = Set.of(Role.ADMIN, Role.DISCIPLINE_INSPECTOR, Role.AUDITOR);
}
