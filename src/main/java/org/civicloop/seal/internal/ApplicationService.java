package org.civicloop.seal.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.identity.Accounts;
import org.civicloop.seal.ApplicationStatus;
import org.civicloop.seal.NewSealApplication;
import org.civicloop.seal.SealApplicationView;
import org.civicloop.seal.SealApplications;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Filing, documents and decisions of seal-use applications, for the caller in the security context. */
@Service
public class ApplicationService implements SealApplications {

	static final Set<String> DOCUMENT_TYPES = Set.of("application/pdf", "image/jpeg", "image/png");
	static final int MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ServiceHours.ZONE);
	private static final Pattern PDF_PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

	private final JdbcClient jdbc;
	private final JurisdictionScope scope;
	private final AuditLog audit;
	private final SealRegistry registry;
	private final Authorisations authorisations;
	private final Notifier notifier;
	private final SealDocumentBytes bytes;
	private final Accounts people;

	ApplicationService(JdbcClient jdbc, JurisdictionScope scope, AuditLog audit, SealRegistry registry,
			Authorisations authorisations, Notifier notifier, SealDocumentBytes bytes, Accounts people) {
		this.people = people;
		this.jdbc = jdbc;
		this.scope = scope;
		this.audit = audit;
		this.registry = registry;
		this.authorisations = authorisations;
		this.notifier = notifier;
		this.bytes = bytes;
	}

	/** Staff see the applications of their jurisdiction; a villager only their own. */
	static boolean isStaff(Jurisdiction j) {
		return j.roles().stream().anyMatch(r -> r != Role.RESIDENT && r != Role.ENTERPRISE_CONTACT);
	}

	static String link(UUID id) {
		return "/seal/applications/" + id;
	}

	// ── reads ────────────────────────────────────────────────────────────────────────────

	private static final String SELECT = """
			SELECT a.*, s.name AS seal_name, i.approval_chain, t.id AS auth_id, t.state AS auth_state,
			       EXISTS (SELECT 1 FROM seal_document d WHERE d.application_id = a.id) AS has_document
			  FROM seal_application a
			  JOIN seal_seal s ON s.id = a.seal_id
			  JOIN seal_power_item i ON i.code = a.item_code
			  LEFT JOIN seal_authorisation t ON t.application_id = a.id
			""";

	static SealApplicationView view(ResultSet rs, int n) throws SQLException {
		ApplicationStatus status = ApplicationStatus.valueOf(rs.getString("status"));
		int step = rs.getInt("step");
		Role next = status == ApplicationStatus.PENDING ? ApprovalChain.parse(rs.getString("approval_chain")).at(step) : null;
		return new SealApplicationView(rs.getObject("id", UUID.class), rs.getString("number"),
				rs.getString("village_code"), rs.getString("item_code"), rs.getObject("seal_id", UUID.class),
				rs.getString("seal_name"), rs.getString("applicant_name"), rs.getString("submitted_by"),
				rs.getString("purpose"), rs.getInt("impressions"), rs.getInt("used"), status, step,
				next == null ? null : next.name(), rs.getBoolean("has_document"), instant(rs, "submitted_at"),
				instant(rs, "approved_at"), instant(rs, "closed_at"), rs.getObject("auth_id", UUID.class),
				rs.getString("auth_state"));
	}

	static Instant instant(ResultSet rs, String col) throws SQLException {
		Timestamp t = rs.getTimestamp(col);
		return t == null ? null : t.toInstant();
	}

	Optional<SealApplicationView> load(UUID id) {
		return jdbc.sql(SELECT + " WHERE a.id = :id").param("id", id).query(ApplicationService::view).optional();
	}

	@Override
	public Optional<SealApplicationView> find(UUID id) {
		return load(id).filter(this::visible);
	}

	boolean visible(SealApplicationView a) {
		Jurisdiction j = scope.current();
		UUID owner = applicantId(a.id());
		return owner != null && owner.equals(j.userId()) || isStaff(j) && j.covers(a.villageCode());
	}

	/** 404 when unknown, 403 when outside the caller's reach. */
	public SealApplicationView get(UUID id) {
		SealApplicationView a = load(id).orElseThrow(() -> new NotFoundException("No seal application " + id));
		if (!visible(a)) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		return a;
	}

	private UUID applicantId(UUID id) {
		return jdbc.sql("SELECT applicant_id FROM seal_application WHERE id = :id").param("id", id)
			.query(UUID.class).optional().orElse(null);
	}

	public record Page(List<SealApplicationView> items, int page, int size, long total) {
		public int pages() {
			return (int) ((total + size - 1) / size);
		}
	}

	/** The caller's applications (own or in their jurisdiction), newest first; {@code status} optional. */
	public Page list(ApplicationStatus status, boolean awaitingMe, int page, int size) {
		if (page < 0 || size < 1 || size > 100) {
			throw new IllegalArgumentException("page ≥ 0 and size 1-100");
		}
		Jurisdiction j = scope.current();
		String where;
		Map<String, Object> params = new HashMap<>();
		if (isStaff(j)) {
			JurisdictionScope.SqlFilter f = scope.sqlFilterOrOwner("a.village_code", "a.applicant_id");
			where = f.condition();
			params.putAll(f.params());
		}
		else {
			where = "a.applicant_id = :me";
			params.put("me", j.userId() == null ? new UUID(0, 0) : j.userId());
		}
		if (status != null || awaitingMe) {
			where += " AND a.status = :status";
			params.put("status", awaitingMe ? ApplicationStatus.PENDING.name() : status.name());
		}
		List<SealApplicationView> items = jdbc.sql(SELECT + " WHERE " + where
				+ " ORDER BY a.submitted_at DESC, a.number DESC LIMIT :limit OFFSET :offset")
			.params(params).param("limit", awaitingMe ? 500 : size).param("offset", awaitingMe ? 0 : (long) page * size)
			.query(ApplicationService::view).list();
		if (awaitingMe) {
			// the chain is per item, so "whose turn" is decided here rather than in SQL; bounded by PENDING
			items = items.stream().filter(a -> a.status() == ApplicationStatus.PENDING && mayDecide(j, a)).toList();
			int from = Math.min(items.size(), page * size);
			return new Page(items.subList(from, Math.min(items.size(), from + size)), page, size, items.size());
		}
		long total = jdbc.sql("SELECT count(*) FROM seal_application a WHERE " + where).params(params)
			.query(Long.class).single();
		return new Page(items, page, size, total);
	}

	boolean mayDecide(Jurisdiction j, SealApplicationView a) {
		return registry.item(a.itemCode()).map(i -> i.chain().mayDecide(j, a.villageCode(), a.step())).orElse(false);
	}

	public boolean mayDecide(SealApplicationView a) {
		return a.status() == ApplicationStatus.PENDING && mayDecide(scope.current(), a);
	}

	public boolean mayCancel(SealApplicationView a) {
		Jurisdiction j = scope.current();
		UUID owner = applicantId(a.id());
		return (a.status() == ApplicationStatus.PENDING || a.status() == ApplicationStatus.AUTHORISED)
				&& (owner != null && owner.equals(j.userId())
						|| (j.has(Role.VILLAGE_CLERK) || j.has(Role.VILLAGE_SECRETARY)) && j.covers(a.villageCode()));
	}

	/** Source keys of the audit entries, so a trace can link each step to its own entry. */
	static String submittedKey(UUID application) {
		return "seal:submitted:" + application;
	}

	static String documentKey(UUID application, String sha256) {
		return "seal:document:" + application + ":" + sha256;
	}

	static String decisionKey(UUID application, int step) {
		return "seal:decision:" + application + ":" + step;
	}

	public record Approval(int step, String role, String decision, String actorName, String comment, Instant at) {
	}

	public List<Approval> approvals(UUID applicationId) {
		return jdbc.sql("SELECT * FROM seal_approval WHERE application_id = :id ORDER BY step")
			.param("id", applicationId)
			.query((rs, i) -> new Approval(rs.getInt("step"), rs.getString("role"), rs.getString("decision"),
					rs.getString("actor_name"), rs.getString("comment"), instant(rs, "at")))
			.list();
	}

	public record Document(UUID id, String sha256, String filename, String contentType, long size, int pages, Instant at) {
	}

	public List<Document> documents(UUID applicationId) {
		return jdbc.sql("SELECT * FROM seal_document WHERE application_id = :id ORDER BY uploaded_at")
			.param("id", applicationId)
			.query((rs, i) -> new Document(rs.getObject("id", UUID.class), rs.getString("sha256"),
					rs.getString("filename"), rs.getString("content_type"), rs.getLong("size_bytes"), rs.getInt("pages"),
					instant(rs, "uploaded_at")))
			.list();
	}

	/** The bytes of a document of an application the caller may see. */
	public Optional<byte[]> documentBytes(UUID applicationId, UUID documentId) {
		get(applicationId);
		return documents(applicationId).stream().filter(d -> d.id().equals(documentId)).findFirst()
			.flatMap(d -> bytes.get(d.sha256()));
	}

	// ── writes ───────────────────────────────────────────────────────────────────────────

	@Override
	@Transactional
	public SealApplicationView submit(NewSealApplication in) {
		if (in == null || in.itemCode() == null || in.sealId() == null) {
			throw new IllegalArgumentException("itemCode and sealId are required");
		}
		SealRegistry.PowerItem item = registry.item(in.itemCode()).filter(SealRegistry.PowerItem::active)
			.orElseThrow(() -> new IllegalArgumentException("unknown power-list item " + in.itemCode()));
		SealRegistry.Seal seal = registry.find(in.sealId())
			.orElseThrow(() -> new IllegalArgumentException("unknown seal " + in.sealId()));
		Jurisdiction j = scope.current();
		boolean clerk = j.has(Role.VILLAGE_CLERK) && j.covers(seal.villageCode());
		boolean villager = j.has(Role.RESIDENT) && j.covers(seal.villageCode());
		if (!clerk && !villager) {
			throw new OutOfJurisdictionException(seal.villageCode());
		}
		if (!item.sealTypes().contains(seal.type())) {
			throw new IllegalArgumentException("item " + item.code() + " may not use a " + seal.type() + " seal");
		}
		if (in.impressions() < 1 || in.impressions() > item.maxImpressions()) {
			throw new IllegalArgumentException("impressions must be 1-" + item.maxImpressions() + " for this item");
		}
		String purpose = in.purpose() == null ? "" : in.purpose().strip();
		if (purpose.isEmpty() || purpose.length() > 500) {
			throw new IllegalArgumentException("purpose is 1-500 characters");
		}
		if (!"ACTIVE".equals(seal.status()) || seal.deviceId() == null) {
			throw new IllegalStateException("seal " + seal.name() + " is not in service in a sleeve");
		}
		String applicantName = villager && !clerk
				? people.byId(j.userId()).map(Accounts.Person::displayName).orElse(j.username()) : in.applicantName();
		if (applicantName == null || applicantName.isBlank() || applicantName.length() > 60) {
			throw new IllegalArgumentException("applicantName (1-60 characters) is required when a clerk files");
		}
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		long seq = jdbc.sql("SELECT nextval('seal_application_number_seq')").query(Long.class).single();
		String number = "YZ" + DAY.format(now) + String.format("%05d", seq % 100000);
		jdbc.sql("""
				INSERT INTO seal_application (id, number, village_code, item_code, seal_id, applicant_id, applicant_name,
				  submitted_by, purpose, impressions, status, step, submitted_at)
				VALUES (:id, :no, :v, :item, :seal, :aid, :aname, :by, :p, :n, 'PENDING', 0, :at)""")
			.param("id", id).param("no", number).param("v", seal.villageCode()).param("item", item.code())
			.param("seal", seal.id()).param("aid", villager && !clerk ? j.userId() : null)
			.param("aname", applicantName.strip()).param("by", j.username()).param("p", purpose)
			.param("n", in.impressions()).param("at", Timestamp.from(now))
			.update();
		audit.record(AuditRecord.of(j.username(), "seal.application.submitted", "seal-application", id.toString())
			.inTerritory(seal.villageCode()).at(now).detail("number", number).detail("item", item.code())
			.detail("seal", seal.id().toString()).detail("impressions", in.impressions())
			.detail("onBehalf", clerk && !villager).withSourceKey(submittedKey(id)));
		Set<UUID> tell = new LinkedHashSet<>(notifier.holders(item.chain().at(0), seal.villageCode()));
		tell.add(seal.custodianId());
		notifier.tell(tell, "seal-app:" + id + ":submitted", "submitted", link(id), number, item.nameZh());
		return load(id).orElseThrow();
	}

	@Override
	@Transactional
	public SealApplicationView attachDocument(UUID applicationId, String filename, String contentType, byte[] content,
			int pages) {
		SealApplicationView a = locked(applicationId);
		Jurisdiction j = scope.current();
		UUID owner = applicantId(applicationId);
		boolean mayAttach = owner != null && owner.equals(j.userId())
				|| j.has(Role.VILLAGE_CLERK) && j.covers(a.villageCode());
		if (!mayAttach) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		if (a.status() != ApplicationStatus.PENDING) {
			throw new IllegalStateException("documents can be added only while the application is pending");
		}
		if (content == null || content.length == 0 || content.length > MAX_DOCUMENT_BYTES) {
			throw new IllegalArgumentException("a document is 1 byte to 20 MB");
		}
		String type = sniff(content);
		if (type == null || !DOCUMENT_TYPES.contains(type)) {
			throw new IllegalArgumentException("the document must be a PDF, JPEG or PNG file");
		}
		int counted = pages > 0 ? pages : countPages(type, content);
		if (counted < 1 || counted > 2000) {
			throw new IllegalArgumentException("pages must be 1-2000");
		}
		String name = filename == null || filename.isBlank() ? "document" : filename.strip();
		name = name.length() > 200 ? name.substring(name.length() - 200) : name;
		String sha = sha256(content);
		bytes.put(sha, content);
		UUID docId = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO seal_document (id, application_id, sha256, filename, content_type, size_bytes, pages, uploaded_at)
				VALUES (:id, :a, :sha, :f, :t, :s, :p, now())""")
			.param("id", docId).param("a", applicationId).param("sha", sha).param("f", name).param("t", type)
			.param("s", content.length).param("p", counted)
			.update();
		audit.record(AuditRecord.of(j.username(), "seal.application.document", "seal-application", applicationId.toString())
			.inTerritory(a.villageCode()).detail("sha256", sha).detail("pages", counted).detail("contentType", type)
			.withSourceKey(documentKey(applicationId, sha)));
		return load(applicationId).orElseThrow();
	}

	static String sniff(byte[] b) {
		if (b.length >= 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F') {
			return "application/pdf";
		}
		if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
			return "image/jpeg";
		}
		if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
			return "image/png";
		}
		return null;
	}

	/** Page objects of a PDF (an estimate good enough for the record); an image is one page. */
	static int countPages(String type, byte[] content) {
		if (!"application/pdf".equals(type)) {
			return 1;
		}
		Matcher m = PDF_PAGE.matcher(new String(content, StandardCharsets.ISO_8859_1));
		int n = 0;
		while (m.find()) {
			n++;
		}
		return Math.max(n, 1);
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private SealApplicationView locked(UUID id) {
		jdbc.sql("SELECT id FROM seal_application WHERE id = :id FOR UPDATE").param("id", id).query(UUID.class).optional()
			.orElseThrow(() -> new NotFoundException("No seal application " + id));
		return get(id);
	}

	@Override
	@Transactional
	public SealApplicationView approve(UUID applicationId, String comment) {
		return decide(applicationId, true, comment);
	}

	@Override
	@Transactional
	public SealApplicationView reject(UUID applicationId, String comment) {
		if (comment == null || comment.isBlank()) {
			throw new IllegalArgumentException("a rejection needs a comment");
		}
		return decide(applicationId, false, comment);
	}

	@Override
	@Transactional
	public SealApplicationView cancel(UUID applicationId, String reason) {
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > 500) {
			throw new IllegalArgumentException("a reason of 1-500 characters is required");
		}
		SealApplicationView a = locked(applicationId);
		Jurisdiction j = scope.current();
		UUID owner = applicantId(applicationId);
		boolean may = owner != null && owner.equals(j.userId())
				|| (j.has(Role.VILLAGE_CLERK) || j.has(Role.VILLAGE_SECRETARY)) && j.covers(a.villageCode());
		if (!may) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		if (a.status() != ApplicationStatus.PENDING && a.status() != ApplicationStatus.AUTHORISED) {
			throw new IllegalStateException("application " + a.number() + " is " + a.status());
		}
		Instant now = Instant.now();
		jdbc.sql("UPDATE seal_application SET status = 'CANCELLED', closed_at = :at WHERE id = :id")
			.param("at", Timestamp.from(now)).param("id", applicationId).update();
		if (a.status() == ApplicationStatus.AUTHORISED) {
			authorisations.cancel(applicationId, why);
		}
		audit.record(AuditRecord.of(j.username(), "seal.application.cancelled", "seal-application", applicationId.toString())
			.inTerritory(a.villageCode()).at(now).detail("number", a.number()).detail("reason", why)
			.detail("was", a.status().name()));
		SealRegistry.Seal seal = registry.find(a.sealId()).orElseThrow();
		Set<UUID> tell = new LinkedHashSet<>();
		tell.add(owner);
		tell.add(seal.custodianId());
		notifier.tell(tell, "seal-app:" + applicationId + ":cancelled", "cancelled", link(applicationId), a.number(), why);
		return load(applicationId).orElseThrow();
	}

	private SealApplicationView decide(UUID applicationId, boolean approve, String comment) {
		if (comment != null && comment.length() > 500) {
			throw new IllegalArgumentException("comment is at most 500 characters");
		}
		SealApplicationView a = locked(applicationId);
		Jurisdiction j = scope.current();
		SealRegistry.PowerItem item = registry.item(a.itemCode()).orElseThrow();
		boolean approver = j.covers(a.villageCode()) && item.chain().steps().stream().anyMatch(j::has);
		if (a.status() != ApplicationStatus.PENDING && approver) {
			throw new IllegalStateException("application " + a.number() + " is " + a.status());
		}
		if (!item.chain().mayDecide(j, a.villageCode(), a.step())) {
			throw new OutOfJurisdictionException(a.villageCode());
		}
		Instant now = Instant.now();
		jdbc.sql("""
				INSERT INTO seal_approval (application_id, step, role, decision, actor_id, actor_name, comment, at)
				VALUES (:a, :s, :r, :d, :uid, :u, :c, :at)""")
			.param("a", applicationId).param("s", a.step()).param("r", item.chain().at(a.step()).name())
			.param("d", approve ? "APPROVED" : "REJECTED").param("uid", j.userId()).param("u", j.username())
			.param("c", comment == null || comment.isBlank() ? null : comment.strip()).param("at", Timestamp.from(now))
			.update();
		SealRegistry.Seal seal = registry.find(a.sealId()).orElseThrow();
		UUID applicant = applicantId(applicationId);
		String key = "seal-app:" + applicationId + ":" + a.step();
		audit.record(AuditRecord.of(j.username(), approve ? "seal.application.approved" : "seal.application.rejected",
				"seal-application", applicationId.toString()).inTerritory(a.villageCode()).at(now)
			.detail("number", a.number()).detail("step", a.step()).detail("role", item.chain().at(a.step()).name())
			.detail("comment", comment == null ? null : comment.strip())
			.withSourceKey(decisionKey(applicationId, a.step())));
		if (!approve) {
			jdbc.sql("UPDATE seal_application SET status = 'REJECTED', closed_at = :at WHERE id = :id")
				.param("at", Timestamp.from(now)).param("id", applicationId).update();
			Set<UUID> tell = new LinkedHashSet<>();
			tell.add(applicant);
			tell.add(seal.custodianId());
			notifier.tell(tell, key + ":rejected", "rejected", link(applicationId), a.number(), comment.strip());
		}
		else if (item.chain().isLast(a.step())) {
			jdbc.sql("UPDATE seal_application SET status = 'AUTHORISED', approved_at = :at, step = :s WHERE id = :id")
				.param("at", Timestamp.from(now)).param("s", a.step() + 1).param("id", applicationId).update();
			authorisations.authorise(applicationId, seal, a.impressions(), now, j.username());
			Set<UUID> tell = new LinkedHashSet<>();
			tell.add(applicant);
			tell.add(seal.custodianId());
			notifier.tell(tell, key + ":authorised", "authorised", link(applicationId), a.number(), seal.name());
		}
		else {
			jdbc.sql("UPDATE seal_application SET step = :s WHERE id = :id").param("s", a.step() + 1)
				.param("id", applicationId).update();
			Set<UUID> tell = new LinkedHashSet<>(notifier.holders(item.chain().at(a.step() + 1), a.villageCode()));
			notifier.tell(tell, key + ":next", "awaiting", link(applicationId), a.number(), item.nameZh());
			notifier.tell(new LinkedHashSet<>(java.util.Collections.singleton(applicant)), key + ":progress", "progressed",
					link(applicationId), a.number());
		}
		return load(applicationId).orElseThrow();
	}
}
