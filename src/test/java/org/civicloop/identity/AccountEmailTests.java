package org.civicloop.identity;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAccounts;
import org.civicloop.shared.Role;
import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The optional e-mail address of an account: set by an administrator or by the person, read through {@link Accounts}. */
@CivicLoopTest
class AccountEmailTests {

	static final String VILLAGE = "330110112001";
	static final String TOWN = "330110112000";

	@Autowired
	MockMvc mvc;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Accounts facade;

	IdentityFixtures fx;

	@BeforeEach
	void fixtures() {
		fx = new IdentityFixtures(accounts, encoder, jdbc, mvc);
	}

	@Test
	void anAdministratorSetsChecksAndClearsTheAddress() throws Exception {
		MockHttpSession admin = fx.login("admin", TestTokens.PASSWORD);
		UserAccount a = fx.user("mail-a", "330102014000", Role.STREET_STAFF);
		mvc.perform(post("/admin/users/" + a.id() + "/email").session(admin).with(csrf())
			.param("version", a.version().toString()).param("email", " wang@example.org "))
			.andExpect(status().is3xxRedirection());
		assertThat(fx.reload(a).email()).contains("wang@example.org");
		assertThat(facade.email(a.id())).contains("wang@example.org");
		assertThat(mvc.perform(get("/admin/users/" + a.id()).session(admin)).andReturn().getResponse().getContentAsString())
			.contains("wang@example.org");

		for (String bad : List.of("wang", "a@b", "x <a@example.org>", "a@@example.org", "a b@example.org",
				"a".repeat(95) + "@example.org")) {
			UserAccount now = fx.reload(a);
			mvc.perform(post("/admin/users/" + a.id() + "/email").session(admin).with(csrf())
				.param("version", now.version().toString()).param("email", bad))
				.andExpect(status().isUnprocessableContent());
			assertThat(fx.reload(a).email()).as(bad).contains("wang@example.org");
		}
		// a stale form is refused
		mvc.perform(post("/admin/users/" + a.id() + "/email").session(admin).with(csrf())
			.param("version", "0").param("email", "li@example.org")).andExpect(status().isConflict());

		mvc.perform(post("/admin/users/" + a.id() + "/email").session(admin).with(csrf())
			.param("version", fx.reload(a).version().toString()).param("email", ""))
			.andExpect(status().is3xxRedirection());
		assertThat(fx.reload(a).email()).isEmpty();
		assertThat(facade.email(a.id())).isEmpty();

		// both changes are in the audit log, without the address itself
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
				"SELECT count(*) FROM audit_entry WHERE action = 'identity.email-changed' AND record_id = ? AND leaf_index IS NOT NULL")
			.param(a.username()).query(Long.class).single() == 2);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE action = 'identity.email-changed' AND record_id = ?"
				+ " AND convert_from(leaf_input, 'UTF8') LIKE '%wang@example.org%'").param(a.username()).query(Long.class).single())
			.isZero();
	}

	@Test
	void onlyAdministratorsEditOthersAndEveryoneEditsTheirOwn() throws Exception {
		UserAccount a = fx.user("mail-b", "330102014000", Role.STREET_STAFF);
		MockHttpSession self = fx.login(a.username(), IdentityFixtures.PASSWORD);
		mvc.perform(post("/admin/users/" + a.id() + "/email").session(self).with(csrf())
			.param("version", a.version().toString()).param("email", "x@example.org")).andExpect(status().isForbidden());

		assertThat(mvc.perform(get("/me").session(self)).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString()).contains(a.username()).contains("id=\"my-email\"");
		mvc.perform(post("/me/email").session(self).with(csrf()).param("email", "me@example.org"))
			.andExpect(status().is3xxRedirection());
		assertThat(fx.reload(a).email()).contains("me@example.org");
		String refused = mvc.perform(post("/me/email").session(self).with(csrf()).param("email", "<script>x</script>@x"))
			.andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
		assertThat(refused).doesNotContain("<script>x</script>");
		assertThat(fx.reload(a).email()).contains("me@example.org");
		mvc.perform(get("/me")).andExpect(status().is3xxRedirection());
		mvc.perform(post("/me/email").param("email", "x@example.org")).andExpect(status().isForbidden());
	}

	@Test
	void theSecretaryOfAVillageAndWhoCoversANode() {
		UUID secretary = fx.idOf("xy-secretary");
		assertThat(facade.usersCovering(VILLAGE, Role.VILLAGE_SECRETARY)).contains(secretary);
		assertThat(facade.usersCovering(VILLAGE, Role.VILLAGE_SECRETARY)).doesNotContain(fx.idOf("xy-clerk"));
		assertThat(facade.usersCovering(VILLAGE, Role.DISCIPLINE_INSPECTOR)).contains(fx.idOf("bz-inspector"));
		// the township inspector covers the village, not the other way round
		assertThat(facade.usersCovering(TOWN, Role.VILLAGE_SECRETARY)).doesNotContain(secretary);
		assertThat(facade.usersCovering("330102014001", Role.VILLAGE_SECRETARY)).doesNotContain(secretary);
		for (String odd : new String[] { null, "", "x", "330000", "3301101120019999", "'; DROP TABLE x; --" }) {
			assertThat(facade.usersCovering(odd, Role.VILLAGE_SECRETARY)).as(String.valueOf(odd)).isEmpty();
		}

		// a disabled account covers nothing
		UserAccount gone = fx.user("mail-gone", VILLAGE, Role.VILLAGE_SECRETARY);
		assertThat(facade.usersCovering(VILLAGE, Role.VILLAGE_SECRETARY)).contains(gone.id());
		gone.disable();
		accounts.save(gone);
		assertThat(facade.usersCovering(VILLAGE, Role.VILLAGE_SECRETARY)).doesNotContain(gone.id());
	}

	@Test
	void addressesCoveringANodeComeNearestFirstAndAreCapped() {
		String grid = "330110112001";
		UserAccount village = fx.user("mail-v", grid, Role.VILLAGE_CLERK);
		UserAccount town = fx.user("mail-t", TOWN, Role.STREET_STAFF);
		UserAccount resident = fx.user("mail-r", grid, Role.RESIDENT);
		UserAccount silent = fx.user("mail-s", grid, Role.VILLAGE_CLERK);
		for (UserAccount a : List.of(village, town, resident)) {
			a.changeEmail(a.username() + "@example.org");
			accounts.save(a);
		}
		Set<Role> staff = Set.of(Role.VILLAGE_CLERK, Role.STREET_STAFF);
		List<String> all = facade.addressesCovering(grid, staff, 1000);
		assertThat(all).contains(village.username() + "@example.org", town.username() + "@example.org")
			.doesNotContain(resident.username() + "@example.org");
		assertThat(all.indexOf(village.username() + "@example.org")).isLessThan(all.indexOf(town.username() + "@example.org"));
		assertThat(facade.addressesCovering(grid, staff, 1)).hasSize(1);
		assertThat(facade.addressesCovering(grid, staff, 0)).isEmpty();
		assertThat(facade.addressesCovering(grid, Set.of(), 10)).isEmpty();
		assertThat(facade.email(silent.id())).isEmpty();
		assertThat(facade.email(UUID.randomUUID())).isEmpty();
		assertThat(facade.email(null)).isEmpty();
	}
}
