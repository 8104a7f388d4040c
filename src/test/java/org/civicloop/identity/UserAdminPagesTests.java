package org.civicloop.identity;

import java.util.UUID;

import jakarta.servlet.http.Cookie;
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
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The administration pages, used through real sessions of real accounts. */
@CivicLoopTest
@RecordApplicationEvents
class UserAdminPagesTests {

	static final String SJQ = "330102014000";
	static final String SHIQIAO = "330105012000";

	@Autowired
	MockMvc mvc;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PasswordEncoder encoder;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestTokens tokens;

	@Autowired
	ApplicationEvents events;

	IdentityFixtures fx;

	@BeforeEach
	void fixtures() {
		fx = new IdentityFixtures(accounts, encoder, jdbc, mvc);
	}

	MockHttpSession admin() throws Exception {
		return fx.login("admin", TestTokens.PASSWORD);
	}

	/** A street-level administrator of 四季青, made for the test. */
	MockHttpSession streetAdmin() throws Exception {
		return fx.login(fx.user("sjq-admin", SJQ, Role.ADMIN).username(), IdentityFixtures.PASSWORD);
	}

	@Test
	void onlyAdministratorsReachThePages() throws Exception {
		mvc.perform(get("/admin/users").session(fx.login("resident1", TestTokens.PASSWORD))).andExpect(status().isForbidden());
		mvc.perform(get("/admin/users").session(fx.login("sjq-staff", TestTokens.PASSWORD))).andExpect(status().isForbidden());
		mvc.perform(get("/admin/logins").session(fx.login("sjq-staff", TestTokens.PASSWORD))).andExpect(status().isForbidden());
		mvc.perform(get("/admin/users")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/users?q=sq-staff").session(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-username=\"sq-staff\"")));
	}

	@Test
	void theCityAdministratorFiltersByRole() throws Exception {
		mvc.perform(get("/admin/users?role=RIVER_CHIEF").session(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-username=\"sq-riverchief\"")))
			.andExpect(content().string(not(containsString("data-username=\"sq-staff\""))));
	}

	@Test
	void aStreetAdministratorSeesOnlyTheirStreet() throws Exception {
		MockHttpSession session = streetAdmin();
		String page = mvc.perform(get("/admin/users?page=0").session(session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("data-username=\"sjq-staff\"", "data-username=\"resident1\"")
			.doesNotContain("data-username=\"sq-staff\"", "data-username=\"admin\"", "data-username=\"xy-clerk\"");
		mvc.perform(get("/admin/users?q=sq-staff").session(session))
			.andExpect(content().string(not(containsString("data-username=\"sq-staff\""))));
		mvc.perform(get("/admin/users/" + fx.idOf("sq-staff")).session(session)).andExpect(status().isForbidden());
		mvc.perform(get("/admin/users/" + fx.idOf("sjq-staff")).session(session)).andExpect(status().isOk());
		mvc.perform(get("/admin/users/" + UUID.randomUUID()).session(session)).andExpect(status().isNotFound());
	}

	@Test
	void aStreetAdministratorCannotBindOutsideTheirStreet() throws Exception {
		MockHttpSession session = streetAdmin();
		UserAccount worker = fx.user("sjq-worker", "330102014001", Role.GRID_WORKER);

		mvc.perform(post("/admin/users/" + worker.id() + "/bindings").session(session).with(csrf())
			.param("version", worker.version().toString())
			.param("code", SHIQIAO))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("区划 330105012000 不在您的管辖范围内")));
		assertThat(fx.reload(worker).territoryCodes()).containsExactly("330102014001");

		mvc.perform(post("/admin/users").session(session).with(csrf())
			.param("username", IdentityFixtures.uniqueName("sq-new"))
			.param("displayName", "石桥新人")
			.param("password", "Start2026x")
			.param("territoryCode", SHIQIAO)
			.param("roles", "STREET_STAFF"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("不在您的管辖范围内")));

		// inside the street it works, and is announced
		mvc.perform(post("/admin/users/" + worker.id() + "/bindings").session(session).with(csrf())
			.param("version", worker.version().toString())
			.param("code", SJQ))
			.andExpect(redirectedUrl("/admin/users/" + worker.id()));
		assertThat(fx.reload(worker).territoryCodes()).containsExactlyInAnyOrder("330102014001", SJQ);
		assertThat(events.stream(UserAccessChanged.class).filter(e -> e.userId().equals(worker.id())))
			.singleElement()
			.satisfies(e -> assertThat(e.territoryCodes()).containsExactlyInAnyOrder("330102014001", SJQ));
	}

	@Test
	void aStreetAdministratorCannotEditAUserAlsoBoundElsewhere() throws Exception {
		MockHttpSession session = streetAdmin();
		UserAccount both = fx.user("both", SJQ, Role.STREET_STAFF);
		both.bindTo(org.civicloop.shared.TerritoryCode.of(SHIQIAO));
		both = accounts.save(both);

		mvc.perform(get("/admin/users/" + both.id()).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("还绑定了您管辖范围以外的区域")));
		mvc.perform(post("/admin/users/" + both.id()).session(session).with(csrf())
			.param("version", both.version().toString())
			.param("displayName", "改名")
			.param("roles", "ADMIN")
			.param("enabled", "true"))
			.andExpect(status().isForbidden());
		mvc.perform(post("/admin/users/" + both.id() + "/bindings/remove").session(session).with(csrf())
			.param("version", both.version().toString())
			.param("code", SHIQIAO))
			.andExpect(status().isForbidden());
		assertThat(fx.reload(both).roles()).containsExactly(Role.STREET_STAFF);
	}

	@Test
	void createEditAndAnnounce() throws Exception {
		MockHttpSession session = admin();
		String username = IdentityFixtures.uniqueName("new");
		String location = mvc.perform(post("/admin/users").session(session).with(csrf())
			.param("username", username)
			.param("displayName", "新网格员")
			.param("password", "Start2026x")
			.param("territoryCode", "330102014001")
			.param("roles", "GRID_WORKER", "RESIDENT"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		UserAccount created = accounts.findByUsername(username).orElseThrow();
		assertThat(location).isEqualTo("/admin/users/" + created.id());
		assertThat(created.roles()).containsExactlyInAnyOrder(Role.GRID_WORKER, Role.RESIDENT);
		assertThat(created.demo()).isFalse();

		mvc.perform(get(location).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("新网格员")))
			.andExpect(content().string(containsString("钱运社区")))
			.andExpect(content().string(containsString("用户已创建")));

		mvc.perform(post(location).session(session).with(csrf())
			.param("version", created.version().toString())
			.param("displayName", "王网格")
			.param("roles", "GRID_WORKER"))
			.andExpect(redirectedUrl(location));
		UserAccount edited = fx.reload(created);
		assertThat(edited.displayName()).isEqualTo("王网格");
		assertThat(edited.roles()).containsExactly(Role.GRID_WORKER);
		assertThat(edited.enabled()).isFalse();

		assertThat(events.stream(UserAccessChanged.class).filter(e -> e.username().equals(username)))
			.hasSize(2)
			.last()
			.satisfies(e -> {
				assertThat(e.changedBy()).isEqualTo("admin");
				assertThat(e.roles()).containsExactly("GRID_WORKER");
				assertThat(e.enabled()).isFalse();
			});
		mvc.perform(post("/api/v1/auth/token").contentType("application/json")
			.content("{\"username\":\"" + username + "\",\"password\":\"Start2026x\"}")).andExpect(status().isUnauthorized());
	}

	@Test
	void refusedFormsSayWhyInThePagesLanguageAndSaveNothing() throws Exception {
		MockHttpSession session = admin();
		String username = IdentityFixtures.uniqueName("weak");
		mvc.perform(post("/admin/users").session(session).with(csrf())
			.param("username", username)
			.param("displayName", "弱密码")
			.param("password", "abcdefgh")
			.param("territoryCode", "330102014001"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("密码至少 8 位，须同时包含字母和数字")));
		mvc.perform(post("/admin/users").session(session).with(csrf()).cookie(new Cookie("civicloop-lang", "en"))
			.param("username", username)
			.param("displayName", "Weak")
			.param("password", "1234567")
			.param("territoryCode", "999999999999"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("The password needs at least 8 characters")))
			.andExpect(content().string(containsString("There is no territory 999999999999")));
		mvc.perform(post("/admin/users").session(session).with(csrf())
			.param("username", "sjq-staff")
			.param("displayName", "重名")
			.param("password", "Start2026x")
			.param("territoryCode", SJQ))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("该用户名已被使用")));
		assertThat(accounts.existsByUsername(username)).isFalse();
	}

	@Test
	void aStaleFormGetsAConflictNotA500() throws Exception {
		MockHttpSession session = admin();
		UserAccount u = fx.user("stale", SJQ, Role.STREET_STAFF);
		String version = u.version().toString();
		mvc.perform(post("/admin/users/" + u.id()).session(session).with(csrf())
			.param("version", version)
			.param("displayName", "第一次")
			.param("roles", "STREET_STAFF")
			.param("enabled", "true"))
			.andExpect(redirectedUrl("/admin/users/" + u.id()));
		mvc.perform(post("/admin/users/" + u.id()).session(session).with(csrf())
			.param("version", version)
			.param("displayName", "第二次")
			.param("roles", "STREET_STAFF")
			.param("enabled", "true"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("该用户刚被其他人修改过")))
			.andExpect(content().string(containsString("第一次")));
		mvc.perform(post("/admin/users/" + u.id() + "/unlock").session(session).with(csrf()).param("version", version))
			.andExpect(status().isConflict());
		assertThat(fx.reload(u).displayName()).isEqualTo("第一次");
	}

	@Test
	void anAdministratorCannotDisableOrDemoteThemself() throws Exception {
		UserAccount cityAdmin = fx.user("city-admin", "330100", Role.ADMIN);
		MockHttpSession session = fx.login(cityAdmin.username(), IdentityFixtures.PASSWORD);
		mvc.perform(post("/admin/users/" + cityAdmin.id()).session(session).with(csrf())
			.param("version", cityAdmin.version().toString())
			.param("displayName", "我自己")
			.param("roles", "ADMIN"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("不能停用自己的账号")));
		mvc.perform(post("/admin/users/" + cityAdmin.id()).session(session).with(csrf())
			.param("version", cityAdmin.version().toString())
			.param("displayName", "我自己")
			.param("roles", "LEADER")
			.param("enabled", "true"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("不能取消自己的系统管理员角色")));
		UserAccount after = fx.reload(cityAdmin);
		assertThat(after.enabled()).isTrue();
		assertThat(after.roles()).containsExactly(Role.ADMIN);
		assertThat(after.displayName()).isNotEqualTo("我自己");
	}

	@Test
	void unlockAndResetPassword() throws Exception {
		MockHttpSession session = admin();
		UserAccount u = fx.user("locked", SJQ, Role.STREET_STAFF);
		jdbc.sql("UPDATE identity_user SET failed_attempts = 5, last_failed_at = now(), locked_until = now() + interval '15 minutes' WHERE id = ?")
			.param(u.id())
			.update();
		mvc.perform(get("/admin/users/" + u.id()).session(session)).andExpect(content().string(containsString("解除锁定")));
		mvc.perform(post("/admin/users/" + u.id() + "/unlock").session(session).with(csrf()).param("version", u.version().toString()))
			.andExpect(redirectedUrl("/admin/users/" + u.id()));
		u = fx.reload(u);
		assertThat(u.failedAttempts()).isZero();
		assertThat(u.lockedUntil()).isNull();

		mvc.perform(post("/admin/users/" + u.id() + "/password").session(session).with(csrf())
			.param("version", u.version().toString())
			.param("password", "short1"))
			.andExpect(status().isUnprocessableContent());
		mvc.perform(post("/admin/users/" + u.id() + "/password").session(session).with(csrf())
			.param("version", u.version().toString())
			.param("password", "Renewed2026"))
			.andExpect(redirectedUrl("/admin/users/" + u.id()));
		fx.login(u.username(), "Renewed2026");
	}

	@Test
	void removingBindingsKeepsAtLeastOne() throws Exception {
		MockHttpSession session = admin();
		UserAccount u = fx.user("twice", SJQ, Role.STREET_STAFF);
		u.bindTo(org.civicloop.shared.TerritoryCode.of(SHIQIAO));
		u = accounts.save(u);
		mvc.perform(post("/admin/users/" + u.id() + "/bindings/remove").session(session).with(csrf())
			.param("version", u.version().toString())
			.param("code", SHIQIAO))
			.andExpect(redirectedUrl("/admin/users/" + u.id()));
		u = fx.reload(u);
		assertThat(u.territoryCodes()).containsExactly(SJQ);
		mvc.perform(post("/admin/users/" + u.id() + "/bindings/remove").session(session).with(csrf())
			.param("version", u.version().toString())
			.param("code", SJQ))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("不能移除最后一个区域")));
		assertThat(fx.reload(u).territoryCodes()).containsExactly(SJQ);
	}

	@Test
	void postsWithoutACsrfTokenAreRejected() throws Exception {
		MockHttpSession session = admin();
		String username = IdentityFixtures.uniqueName("nocsrf");
		mvc.perform(post("/admin/users").session(session)
			.param("username", username)
			.param("displayName", "无令牌")
			.param("password", "Start2026x")
			.param("territoryCode", SJQ))
			.andExpect(status().isForbidden());
		assertThat(accounts.existsByUsername(username)).isFalse();
	}

	@Test
	void theLoginLogIsScopedLikeTheUsers() throws Exception {
		tokens.tokenFor("sq-staff"); // at least one sign-in of a 石桥 user
		String nobody = IdentityFixtures.uniqueName("ghost");
		mvc.perform(post("/api/v1/auth/token").contentType("application/json")
			.content("{\"username\":\"" + nobody + "\",\"password\":\"x1234567\"}")).andExpect(status().isUnauthorized());
		UserAccount sjqUser = fx.user("sjq-logs", SJQ, Role.STREET_STAFF);
		fx.login(sjqUser.username(), IdentityFixtures.PASSWORD);

		MockHttpSession city = admin();
		mvc.perform(get("/admin/logins").param("username", nobody).session(city))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-username=\"" + nobody + "\"")));
		mvc.perform(get("/admin/logins").param("username", "sq-staff").param("outcome", "SUCCESS").session(city))
			.andExpect(content().string(containsString("data-username=\"sq-staff\"")));

		MockHttpSession street = streetAdmin();
		mvc.perform(get("/admin/logins").param("username", nobody).session(street))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("data-username=\"" + nobody + "\""))));
		mvc.perform(get("/admin/logins").param("username", "sq-staff").session(street))
			.andExpect(content().string(not(containsString("data-username=\"sq-staff\""))));
		mvc.perform(get("/admin/logins").param("username", sjqUser.username()).param("outcome", "SUCCESS").session(street))
			.andExpect(content().string(containsString("data-username=\"" + sjqUser.username() + "\"")));
	}
}
