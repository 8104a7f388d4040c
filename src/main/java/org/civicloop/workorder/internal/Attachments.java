package org.civicloop.workorder.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.civicloop.platform.storage.BlobStore;
import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Photos attached to an order: checked to be images by their first bytes, size-limited, stored by hash. */
@Service
@Transactional
public class Attachments {

	public static final long MAX_BYTES = 10L * 1024 * 1024;

	private final BlobStore store;
	private final JdbcClient jdbc;
	private final WorkOrderService service;
	private final JurisdictionScope scope;
	private final AuditLog audit;

	Attachments(BlobStore store, JdbcClient jdbc, WorkOrderService service, JurisdictionScope scope, AuditLog audit) {
		this.store = store;
		this.jdbc = jdbc;
		this.service = service;
		this.scope = scope;
		this.audit = audit;
	}

	/** The image type of {@code b} by its magic bytes, or throws {@link IllegalArgumentException}. */
	public static String imageType(byte[] b) {
		if (b == null || b.length == 0) {
			throw new IllegalArgumentException("The photo is empty");
		}
		if (b.length > MAX_BYTES) {
			throw new IllegalArgumentException("The photo is larger than 10 MB");
		}
		if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
			return "image/jpeg";
		}
		if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D
				&& b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
			return "image/png";
		}
		if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9')
				&& b[5] == 'a') {
			return "image/gif";
		}
		if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
				&& b[10] == 'B' && b[11] == 'P') {
			return "image/webp";
		}
		throw new IllegalArgumentException("The photo is not a JPEG, PNG, WebP or GIF image");
	}

	/** Attaches to an order the caller may see (requesters add photos, staff add photos to replies). */
	public UUID attach(UUID orderId, byte[] content, String filename, String purpose) {
		WorkOrder o = service.visible(orderId);
		return attachChecked(o, content, filename, purpose);
	}

	UUID attachChecked(WorkOrder o, byte[] content, String filename, String purpose) {
		String type = imageType(content);
		String sha = store.put(content);
		UUID id = UUID.randomUUID();
		String actor = scope.current().username() == null ? AuditRecord.SYSTEM : scope.current().username();
		String name = filename == null ? null : filename.replaceAll("[\\p{Cntrl}/\\\\]", "_");
		if (name != null && name.length() > 200) {
			name = name.substring(0, 200);
		}
		jdbc.sql("""
				INSERT INTO workorder_attachment (id, work_order_id, sha256, content_type, size_bytes, filename, purpose, uploaded_by, created_at)
				VALUES (:id, :o, :sha, :type, :size, :name, :purpose, :by, :at)""")
			.param("id", id)
			.param("o", o.id())
			.param("sha", sha)
			.param("type", type)
			.param("size", (long) content.length)
			.param("name", name)
			.param("purpose", purpose == null ? "photo" : purpose)
			.param("by", actor)
			.param("at", Timestamp.from(Instant.now()))
			.update();
		audit.record(AuditRecord.of(actor, "workorder.attach", "work-order", o.number())
			.inTerritory(o.territoryCode())
			.detail("sha256", sha)
			.detail("type", type));
		return id;
	}

	/**
	 * A request with an optional photo from the resident page: the photo is checked before anything
	 * is written, and the order and its photo commit together or not at all.
	 */
	public WorkOrder submitWithPhoto(org.civicloop.workorder.NewWorkOrder request, String actor, byte[] photo,
			String filename) {
		if (photo != null && photo.length > 0) {
			imageType(photo);
		}
		WorkOrder o = service.submitOrder(request, actor);
		if (photo != null && photo.length > 0) {
			attachChecked(o, photo, filename, "photo");
		}
		return o;
	}

	/** A reply with an optional photo (the staff workbench). */
	public WorkOrder replyWithPhoto(UUID orderId, String text, byte[] photo, String filename) {
		if (photo != null && photo.length > 0) {
			imageType(photo);
		}
		WorkOrder o = service.reply(orderId, text);
		if (photo != null && photo.length > 0) {
			attachChecked(o, photo, filename, "reply");
		}
		return o;
	}

	public record Content(String contentType, byte[] bytes) {
	}

	/** The bytes of an attachment, for whoever may see its order. */
	@Transactional(readOnly = true)
	public Content open(UUID orderId, UUID attachmentId) {
		service.visible(orderId);
		record Row(String sha, String type) {
		}
		Row row = jdbc.sql("SELECT sha256, content_type FROM workorder_attachment WHERE id = :id AND work_order_id = :o")
			.param("id", attachmentId)
			.param("o", orderId)
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2)))
			.optional()
			.orElseThrow(() -> new NotFoundException("No attachment " + attachmentId));
		Optional<byte[]> bytes = store.get(row.sha());
		return new Content(row.type(), bytes.orElseThrow(() -> new NotFoundException("Attachment content missing")));
	}
}
