package org.civicloop.audit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.civicloop.audit.internal.Sequencer;
import org.civicloop.identity.internal.CivicUser;
import org.civicloop.identity.internal.SignInService;
import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAdministration;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.territory.internal.TerritoryImporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Decisions of other modules reach the log through the event publication registry. */
@CivicLoopTest
class AuditRecordingTests {

	@Autowired
	TerritoryImporter importer;

	@Autowired
	UserAdministration users;

	@Autowired
	SignInService signIn;

	@Autowired
	Sequencer sequencer;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aTerritoryImportIsRecordedOnceItCommitted() {
		String csv = "code,name,level,parent_code,lat,lng\n330182004005009,审计测试网格,GRID,330182004005,,\n";
		UUID id = importer.importNow("admin", "audit-test.csv", csv, null).id();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			sequencer.drain();
			assertThat(entries("territory.import", id.toString())).containsExactly("admin");
		});
	}

	@Test
	void aRoleChangeIsRecordedWithTheAdministratorAsActor() {
		CivicUser admin = signIn.signIn("admin", "Demo@2026", "FORM");
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
		String username = "audit-" + UUID.randomUUID().toString().substring(0, 8);
		UserAccount created = users.create(new UserAdministration.NewUser(username, "审计测试", "Audit2026pw",
				List.of(Role.GRID_WORKER), "330182004001"));
		users.update(created.id(), users.get(created.id()).version(), "审计测试", List.of(Role.GRID_WORKER, Role.PATROL_MEMBER), true);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			sequencer.drain();
			assertThat(entries("identity.access-changed", username)).hasSizeGreaterThanOrEqualTo(2).containsOnly("admin");
		});
		String last = jdbc.sql("SELECT convert_from(leaf_input, 'UTF8') FROM audit_entry WHERE action = 'identity.access-changed' AND record_id = ? ORDER BY leaf_index DESC LIMIT 1")
			.param(username)
			.query(String.class)
			.single();
		assertThat(last).contains("PATROL_MEMBER").contains("330182004001");
	}

	private List<String> entries(String action, String recordId) {
		return jdbc.sql("SELECT actor FROM audit_entry WHERE action = ? AND record_id = ? AND leaf_index IS NOT NULL")
			.params(action, recordId)
			.query(String.class)
			.list();
	}
}
