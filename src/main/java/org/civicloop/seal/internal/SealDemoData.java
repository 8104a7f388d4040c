package org.civicloop.seal.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.civicloop.identity.Accounts;
import org.civicloop.platform.DemoMode;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Demo seals in sleeves for 仙岩村 and 百丈村 (百丈镇), and a few applications in different states.
 * A failing device module does not stop the start-up: the seal is then left without its sleeve.
 */
@Component
@Order(60)
class SealDemoData implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SealDemoData.class);

	static final String XIANYAN = "330110112001";
	static final String BAIZHANG = "330110112002";

	record DemoSeal(String village, String type, String name, String custodian, String device) {
	}

	static final List<DemoSeal> SEALS = List.of(
			new DemoSeal(XIANYAN, "VILLAGE_COMMITTEE", "仙岩村村民委员会", "xy-clerk", "XY-SEAL-01"),
			new DemoSeal(XIANYAN, "ECONOMIC_COOP", "仙岩村股份经济合作社", "xy-clerk", "XY-SEAL-02"),
			new DemoSeal(XIANYAN, "PARTY_BRANCH", "中共仙岩村总支部委员会", "xy-clerk", "XY-SEAL-03"),
			new DemoSeal(BAIZHANG, "VILLAGE_COMMITTEE", "百丈村村民委员会", "bzc-clerk", "BZ-SEAL-01"),
			new DemoSeal(BAIZHANG, "ECONOMIC_COOP", "百丈村股份经济合作社", "bzc-clerk", "BZ-SEAL-02"));

	private final DemoMode demo;
	private final JdbcClient jdbc;
	private final SealRegistry registry;
	private final ApplicationService applications;
	private final Accounts people;

	SealDemoData(DemoMode demo, JdbcClient jdbc, SealRegistry registry, ApplicationService applications, Accounts people) {
		this.demo = demo;
		this.jdbc = jdbc;
		this.registry = registry;
		this.applications = applications;
		this.people = people;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!demo.enabled() || jdbc.sql("SELECT count(*) FROM seal_seal").query(Long.class).single() > 0) {
			return;
		}
		try {
			as("admin", Role.ADMIN, "330100");
			for (DemoSeal d : SEALS) {
				SealRegistry.Seal s = registry.add(d.village(), d.type(), d.name(), d.custodian());
				try {
					registry.bindDevice(s.id(), d.device(), true);
				}
				catch (RuntimeException e) {
					log.warn("Demo seal {} left without its sleeve {}: {}", d.name(), d.device(), e.toString());
				}
			}
			applications();
			log.info("Demo seals created: {}", SEALS.size());
		}
		catch (RuntimeException e) {
			log.warn("Seal demo data incomplete: {}", e.toString());
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private void applications() {
		UUID committee = seal(XIANYAN, "VILLAGE_COMMITTEE");
		UUID coop = seal(XIANYAN, "ECONOMIC_COOP");
		if (committee == null || coop == null || registry.find(committee).map(SealRegistry.Seal::deviceId).isEmpty()) {
			return;
		}
		as("xy-villager", Role.RESIDENT, XIANYAN);
		var pending = applications.submit(new org.civicloop.seal.NewSealApplication("certificate", committee,
				"办理子女入学所需的户籍证明 Household certificate for school enrolment", 1, null));
		applications.attachDocument(pending.id(), "证明.pdf", "application/pdf", MINIMAL_PDF, 0);
		as("xy-clerk", Role.VILLAGE_CLERK, XIANYAN);
		var lease = applications.submit(new org.civicloop.seal.NewSealApplication("asset-lease", coop,
				"村集体厂房出租合同 Lease of the village workshop", 3, "朱大伯"));
		applications.attachDocument(lease.id(), "租赁合同.pdf", "application/pdf", MINIMAL_PDF, 0);
		var rejected = applications.submit(new org.civicloop.seal.NewSealApplication("employment-proof", committee,
				"务工证明 Employment certificate", 1, "王阿姨"));
		as("xy-secretary", Role.VILLAGE_SECRETARY, XIANYAN);
		applications.approve(lease.id(), "同意，报镇三资办 Agreed, to the township office");
		applications.reject(rejected.id(), "请补充务工单位信息 Please add the employer");
		as("xy-villager", Role.RESIDENT, XIANYAN);
		var ready = applications.submit(new org.civicloop.seal.NewSealApplication("certificate", committee,
				"宅基地四至证明 Certificate of homestead boundaries", 2, null));
		applications.attachDocument(ready.id(), "四至证明.pdf", "application/pdf", MINIMAL_PDF, 0);
		as("xy-secretary", Role.VILLAGE_SECRETARY, XIANYAN);
		applications.approve(ready.id(), "同意 Agreed");
	}

	static final byte[] MINIMAL_PDF = ("%PDF-1.4\n1 0 obj<</Type /Catalog /Pages 2 0 R>>endobj\n"
			+ "2 0 obj<</Type /Pages /Kids [3 0 R] /Count 1>>endobj\n3 0 obj<</Type /Page /Parent 2 0 R>>endobj\n%%EOF\n")
		.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

	private UUID seal(String village, String type) {
		return jdbc.sql("SELECT id FROM seal_seal WHERE village_code = :v AND seal_type = :t").param("v", village)
			.param("t", type).query(UUID.class).optional().orElse(null);
	}

	/** Runs the loader's steps as a demo account, so that the same rules and audit entries apply. */
	private void as(String username, Role role, String territory) {
		Accounts.Person p = people.byUsername(username).orElseThrow(() -> new IllegalStateException("no demo account " + username));
		Jurisdiction j = new Jurisdiction(p.id(), p.username(), java.util.Set.of(role), java.util.Set.of(TerritoryCode.of(territory)));
		record Principal(Jurisdiction jurisdiction) implements org.civicloop.shared.CivicPrincipal {
		}
		SecurityContextHolder.getContext()
			.setAuthentication(new UsernamePasswordAuthenticationToken(new Principal(j), null, List.of()));
	}
}
