package org.civicloop.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline for {@code bench/territory-throughput.sh}: a constant JSON document of a requested
 * size, served by the same application. Only exists under the {@code bench} profile.
 * <p>
 * It sits under {@code /api/v1} on purpose, behind the same bearer token as the territory API:
 * the ratio between the two then measures what the territory endpoint itself costs (cache
 * look-up, jurisdiction check, serialisation) and not the token check, which every API call pays
 * and which would otherwise be counted as territory overhead.
 */
@RestController
@Profile("bench")
class BenchConstantApi {

	private static final int MAX = 1 << 20;

	private final Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();

	@GetMapping(path = "/api/v1/bench/constant", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> constant(@RequestParam(defaultValue = "1024") int bytes) {
		if (bytes < 16 || bytes > MAX) {
			throw new IllegalArgumentException("bytes must be between 16 and " + MAX);
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(bodies.computeIfAbsent(bytes, BenchConstantApi::body));
	}

	/** {@code {"pad":"xxx…"}} of exactly {@code size} bytes. */
	static byte[] body(int size) {
		String pad = "x".repeat(size - "{\"pad\":\"\"}".length());
		return ("{\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8);
	}
}
