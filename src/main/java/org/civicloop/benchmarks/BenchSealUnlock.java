package org.civicloop.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.civicloop.device.DeviceBroker;
import org.civicloop.device.DeviceId;
import org.civicloop.device.Devices;
import org.civicloop.device.IssuedCredential;
import org.civicloop.device.protocol.EventTypes;
import org.civicloop.identity.Accounts;
import org.civicloop.seal.NewSealApplication;
import org.civicloop.seal.SealApplicationView;
import org.civicloop.seal.SealApplications;
import org.civicloop.shared.CivicPrincipal;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.simulator.SealSleeve;
import org.civicloop.simulator.SimulatedSleeve;
import org.civicloop.simulator.SimulatedSleeves;
import org.civicloop.simulator.SleeveLogEntry;
import org.civicloop.simulator.SleeveMemory;
import org.civicloop.simulator.SleeveOptions;
import org.springframework.context.annotation.Profile;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The driver of {@code bench/seal-unlock.sh}, present only under the {@code bench} profile. A
 * simulated sleeve (the shipped simulator, over real MQTT to the configured broker) plays a demo
 * device; each round times, on this JVM's clock, from the moment the approver's call starts to
 * the moment the sleeve sends {@code unlock}:
 * <ul>
 * <li><b>platform</b>: the village secretary approves a filed application (the approval
 * transaction, the one-time authorisation, its audit entries and notices, the signed command
 * published after commit, the sleeve verifying it and acknowledging);</li>
 * <li><b>bare</b>: the same signed {@code authorise} command sent straight through
 * {@link Devices#sendCommand} in a transaction of its own, with no application, approval, audit
 * or notice: what delivery over the broker costs by itself.</li>
 * </ul>
 * Each authorisation allows one impression, which the sleeve makes at once, so it is locked again
 * before the next round. Filing the application is not timed.
 */
@RestController
@Profile("bench")
class BenchSealUnlock {

	private final Devices devices;
	private final SealApplications applications;
	private final Accounts accounts;
	private final DeviceBroker broker;
	private final TransactionTemplate tx;

	BenchSealUnlock(Devices devices, SealApplications applications, Accounts accounts, DeviceBroker broker,
			TransactionTemplate tx) {
		this.devices = devices;
		this.applications = applications;
		this.accounts = accounts;
		this.broker = broker;
		this.tx = tx;
	}

	@PostMapping("/api/v1/bench/seal-unlock")
	@PreAuthorize("hasRole('ADMIN')")
	Map<String, Object> run(@RequestParam String device, @RequestParam UUID seal, @RequestParam String village,
			@RequestParam(defaultValue = "meeting-minutes") String item, @RequestParam(defaultValue = "50") int rounds)
			throws InterruptedException {
		if (rounds < 1 || rounds > 2000) {
			throw new IllegalArgumentException("rounds must be 1-2000");
		}
		DeviceId id = DeviceId.of(device);
		IssuedCredential credential = devices.demoCredential(id)
			.orElseThrow(() -> new IllegalArgumentException("no kept demo credential for " + device));
		long lastSeq = devices.find(id).map(v -> v.lastSeq()).orElse(0L);
		BlockingQueue<Long> unlocks = new LinkedBlockingQueue<>();
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		try (SimulatedSleeve sleeve = SimulatedSleeves.start(credential, broker.url(), SleeveOptions.defaults()
			.withAutoStamp(true, Duration.ZERO)
			.withMemory(SleeveMemory.inMemory(lastSeq))
			.withEcho(e -> {
				if (e.direction() == SleeveLogEntry.Direction.SENT && EventTypes.UNLOCK.equals(e.type())) {
					unlocks.add(System.nanoTime());
				}
			}))) {
			if (!sleeve.awaitConnected(Duration.ofSeconds(30))) {
				throw new IllegalStateException("the simulated sleeve did not connect to " + broker.url());
			}
			long[] platform = new long[rounds];
			long[] bare = new long[rounds];
			// a few untimed rounds of each first: JIT, connection pool, broker sessions
			for (int i = -5; i < rounds; i++) {
				UUID application = file(seal, village, item);
				as(secretaryOf(village), Role.VILLAGE_SECRETARY, village);
				long t0 = System.nanoTime();
				SealApplicationView approved = applications.approve(application, "bench");
				Long t1 = unlocks.poll(10, TimeUnit.SECONDS);
				if (t1 == null) {
					throw new IllegalStateException("no unlock within 10 s after approving " + approved.number());
				}
				awaitLocked(sleeve);
				long t2 = System.nanoTime();
				tx.executeWithoutResult(s -> devices.sendCommand(id, EventTypes.CMD_AUTHORISE,
						Map.of("authorisation", UUID.randomUUID().toString(), "seal", seal.toString(), "impressions", 1,
								"nonce", UUID.randomUUID().toString()),
						Instant.now().minusSeconds(5), Instant.now().plusSeconds(600)));
				Long t3 = unlocks.poll(10, TimeUnit.SECONDS);
				if (t3 == null) {
					throw new IllegalStateException("no unlock within 10 s after a bare command");
				}
				awaitLocked(sleeve);
				if (i >= 0) {
					platform[i] = t1 - t0;
					bare[i] = t3 - t2;
				}
			}
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("rounds", rounds);
			out.put("broker", broker.url());
			out.put("platform", summary(platform));
			out.put("bare", summary(bare));
			out.put("p50Ratio", round(pct(platform, 0.50) / pct(bare, 0.50)));
			out.put("p99Ratio", round(pct(platform, 0.99) / pct(bare, 0.99)));
			return out;
		}
		finally {
			SecurityContextHolder.getContext().setAuthentication(caller);
		}
	}

	private UUID file(UUID seal, String village, String item) {
		as(clerkOf(village), Role.VILLAGE_CLERK, village);
		SealApplicationView v = applications.submit(new NewSealApplication(item, seal, "bench", 1, "bench"));
		applications.attachDocument(v.id(), "bench.pdf", "application/pdf", PDF, 1);
		return v.id();
	}

	private static void awaitLocked(SimulatedSleeve sleeve) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (sleeve.authorisation().filter(a -> a.state() == SealSleeve.AuthorisationState.IN_FORCE).isPresent()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the sleeve did not lock again");
			}
			Thread.sleep(2);
		}
	}

	private String secretaryOf(String village) {
		return accounts.withRoleCovering(Role.VILLAGE_SECRETARY, village).stream().findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no secretary covers " + village)).username();
	}

	private String clerkOf(String village) {
		return accounts.withRoleCovering(Role.VILLAGE_CLERK, village).stream().findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no clerk covers " + village)).username();
	}

	private void as(String username, Role role, String village) {
		Accounts.Person p = accounts.byUsername(username).orElseThrow();
		Jurisdiction j = new Jurisdiction(p.id(), p.username(), Set.of(role), Set.of(TerritoryCode.of(village)));
		CivicPrincipal principal = () -> j;
		SecurityContextHolder.getContext()
			.setAuthentication(new UsernamePasswordAuthenticationToken(principal, null, List.of()));
	}

	private static Map<String, Object> summary(long[] nanos) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("p50Ms", round(pct(nanos, 0.50)));
		m.put("p90Ms", round(pct(nanos, 0.90)));
		m.put("p99Ms", round(pct(nanos, 0.99)));
		m.put("maxMs", round(pct(nanos, 1.0)));
		return m;
	}

	/** Nearest-rank percentile, in milliseconds. */
	private static double pct(long[] nanos, double p) {
		long[] s = nanos.clone();
		Arrays.sort(s);
		int rank = (int) Math.ceil(p * s.length);
		return s[Math.max(0, Math.min(s.length, rank) - 1)] / 1e6;
	}

	private static double round(double v) {
		return Math.round(v * 100) / 100.0;
	}

	private static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type /Catalog /Pages 2 0 R>>endobj\n"
			+ "2 0 obj<</Type /Pages /Kids [3 0 R] /Count 1>>endobj\n3 0 obj<</Type /Page /Parent 2 0 R>>endobj\n%%EOF\n")
		.getBytes(StandardCharsets.ISO_8859_1);
}
