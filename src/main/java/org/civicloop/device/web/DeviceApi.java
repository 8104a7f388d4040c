package org.civicloop.device.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.civicloop.device.DeviceId;
import org.civicloop.device.DeviceKind;
import org.civicloop.device.DeviceView;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.internal.BlobIntake;
import org.civicloop.device.internal.DeviceQueries;
import org.civicloop.device.internal.Ingest;
import org.civicloop.device.internal.PlatformKey;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Devices over HTTP. For people (bearer token): registration, credentials and revocation
 * (administrators), the list and one device (staff, inside their jurisdiction). For devices
 * without MQTT (no login: the signature is the authentication, see {@link DeviceSecurityConfiguration}):
 * messages, blobs and pending commands; and the platform's public key, which anyone may fetch.
 */
@RestController
class DeviceApi {

	/** Header carrying a JWS {dev, at} signed by the device, for the pending-commands call. */
	static final String AUTH_HEADER = "X-Device-Auth";

	private final Devices devices;
	private final DeviceQueries queries;
	private final Ingest ingest;
	private final BlobIntake blobs;
	private final PlatformKey platformKey;
	private final JurisdictionScope scope;

	DeviceApi(Devices devices, DeviceQueries queries, Ingest ingest, BlobIntake blobs, PlatformKey platformKey,
			JurisdictionScope scope) {
		this.devices = devices;
		this.queries = queries;
		this.ingest = ingest;
		this.blobs = blobs;
		this.platformKey = platformKey;
		this.scope = scope;
	}

	record Registration(String id, DeviceKind kind, String territoryCode, String label) {
	}

	record Revocation(String reason) {
	}

	@PostMapping(path = "/api/v1/devices", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<DeviceView> register(@RequestBody Registration body) {
		if (body == null || body.id() == null || body.kind() == null) {
			throw new IllegalArgumentException("id, kind, territoryCode and label are required");
		}
		DeviceView v = devices.register(DeviceId.of(body.id()), body.kind(), body.territoryCode(), body.label(),
				scope.current().username());
		return ResponseEntity.status(HttpStatus.CREATED).body(v);
	}

	@GetMapping("/api/v1/devices")
	@PreAuthorize(DevicePages.STAFF)
	List<DeviceView> list(@RequestParam(required = false) DeviceKind kind) {
		return queries.list(kind);
	}

	@GetMapping("/api/v1/devices/{id}")
	@PreAuthorize(DevicePages.STAFF)
	DeviceView one(@PathVariable String id) {
		return queries.visible(DeviceId.of(id));
	}

	@PostMapping("/api/v1/devices/{id}/credentials")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<IssuedCredential> issue(@PathVariable String id) {
		DeviceId device = DeviceId.of(id);
		queries.visible(device);
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Cache-Control", "no-store")
			.body(devices.issueCredential(device, scope.current().username()));
	}

	@PostMapping(path = "/api/v1/devices/{id}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> revoke(@PathVariable String id, @RequestBody Revocation body) {
		DeviceId device = DeviceId.of(id);
		queries.visible(device);
		devices.revoke(device, body == null ? null : body.reason(), scope.current().username());
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/api/v1/devices/platform-key", produces = "application/x-pem-file")
	String platformKey() {
		return platformKey.publicKeyPem();
	}

	// ── for devices: the signature authenticates

	record MessageResult(long seq, String status, String reason) {
	}

	record MessagesAnswer(int accepted, int duplicate, int refused, List<MessageResult> results) {
	}

	@PostMapping(path = "/api/v1/devices/{id}/messages", consumes = { MediaType.TEXT_PLAIN_VALUE,
			MediaType.APPLICATION_JSON_VALUE, "application/jose" })
	MessagesAnswer messages(@PathVariable String id, @RequestBody byte[] body) throws Exception {
		DeviceId device = DeviceId.of(id);
		if (body == null || body.length == 0) {
			throw new IllegalArgumentException("a JWS or a JSON array of JWS is required");
		}
		List<MessageResult> results = new ArrayList<>();
		int a = 0;
		int d = 0;
		int r = 0;
		for (CompletableFuture<org.civicloop.device.internal.Inbound.Outcome> f : ingest.submit(device.value(), body, true)) {
			var o = f.get(30, TimeUnit.SECONDS);
			results.add(new MessageResult(o.seq(), o.status(), o.reason()));
			switch (o.status()) {
				case "accepted" -> a++;
				case "duplicate" -> d++;
				default -> r++;
			}
		}
		return new MessagesAnswer(a, d, r, results);
	}

	@PutMapping(path = "/api/v1/devices/{id}/blobs/{sha256}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	ResponseEntity<Map<String, Object>> blob(@PathVariable String id, @PathVariable String sha256, @RequestBody byte[] body) {
		return storeBlob(DeviceId.of(id), sha256, body);
	}

	/** The same as multipart ({@code file}), whose limit allows a full 5 MB photo. */
	@PutMapping(path = "/api/v1/devices/{id}/blobs/{sha256}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Map<String, Object>> blobPart(@PathVariable String id, @PathVariable String sha256,
			@RequestPart("file") MultipartFile file) throws java.io.IOException {
		if (file.getSize() > BlobIntake.MAX_BYTES) {
			throw new IllegalArgumentException("a blob has at most " + BlobIntake.MAX_BYTES + " bytes");
		}
		return storeBlob(DeviceId.of(id), sha256, file.getBytes());
	}

	private ResponseEntity<Map<String, Object>> storeBlob(DeviceId device, String sha256, byte[] bytes) {
		if (blobs.accept(device.value(), sha256, bytes) == BlobIntake.Result.STORED) {
			return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("sha256", sha256, "size", bytes.length));
		}
		throw new IllegalArgumentException("blob refused (unknown or revoked device, bad name, size or hash)");
	}

	@GetMapping("/api/v1/devices/{id}/commands")
	ResponseEntity<?> pendingCommands(@PathVariable String id, @RequestHeader(name = AUTH_HEADER, required = false) String auth) {
		DeviceId device = DeviceId.of(id);
		if (auth == null || !queries.deviceSigned(device, auth, Instant.now(), Duration.ofMinutes(5))) {
			ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
					"send " + AUTH_HEADER + ": a JWS of {dev, at} signed by the device within 5 minutes");
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
		}
		return ResponseEntity.ok(queries.pendingCommands(device));
	}

	static String ascii(byte[] b) {
		return new String(b, StandardCharsets.US_ASCII);
	}

	static NotFoundException notFound(DeviceId id) {
		return new NotFoundException("device " + id);
	}
}
