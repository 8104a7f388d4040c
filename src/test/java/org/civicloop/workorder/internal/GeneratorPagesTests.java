package org.civicloop.workorder.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.LoginSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The generator's admin page: only administrators, checked input, a progress fragment that polls
 * while a run goes on, a second run refused while the first is held (by a table lock, so the test
 * does not depend on timing), the start in the audit log. The runs are placed in late 2020, apart
 * from every other test's orders, and removed afterwards with their roll-ups.
 */
@CivicLoopTest
class GeneratorPagesTests {

	static final LocalDate END = LocalDate.of(2021, 1, 1);
	static final String GENERATED = "number LIKE 'G%' AND submitted_at >= '2020-12-01' AND submitted_at < '2021-01-02'";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	GeneratorJob job;

	@Autowired
	WorkOrderStats stats;

	@AfterEach
	void cleanUp() {
		await().atMost(Duration.ofSeconds(60)).until(() -> !job.status().running());
		jdbc.sql("DELETE FROM workorder_order WHERE " + GENERATED).update();
		stats.rebuild(LocalDate.of(2020, 12, 1), END.plusDays(1));
	}

	MockHttpSession session(String user) {
		return LoginSessions.login(mvc, user);
	}

	long generated() {
		return jdbc.sql("SELECT count(*) FROM workorder_order WHERE " + GENERATED).query(Long.class).single();
	}

	@Test
	void onlyAdministratorsAndOnlySensibleRuns() throws Exception {
		mvc.perform(get("/admin/generator")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/generator").session(session("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(get("/admin/generator/progress").session(session("dz-leader"))).andExpect(status().isForbidden());
		mvc.perform(post("/admin/generator").session(session("sjq-staff")).with(csrf()).param("count", "10")
			.param("end", "2021-01-01").param("days", "3").param("seed", "1")).andExpect(status().isForbidden());

		MockHttpSession admin = session("admin");
		assertThat(mvc.perform(get("/admin/generator").session(admin)).andExpect(status().isOk()).andReturn()
			.getResponse().getContentAsString()).contains("id=\"generator-form\"").contains("id=\"generator-progress\"");
		String[][] bad = { { "0", "2021-01-01", "3", "1" }, { "20000001", "2021-01-01", "3", "1" }, { "x", "2021-01-01", "3", "1" },
				{ "10", "2021-01-01", "0", "1" }, { "10", "2021-01-01", "3661", "1" }, { "10", "1999-12-31", "3", "1" },
				{ "10", "2021-13-01", "3", "1" }, { "10", "2099-01-01", "3", "1" }, { "10", "2021-01-01", "3", "seed" },
				{ "", "", "", "" }, { "<script>", "2021-01-01", "3", "1" } };
		for (String[] b : bad) {
			String body = mvc.perform(post("/admin/generator").session(admin).with(csrf()).param("count", b[0])
				.param("end", b[1]).param("days", b[2]).param("seed", b[3]))
				.andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
			assertThat(body).as(String.join(",", b)).contains("id=\"errors\"").doesNotContain("<script>");
		}
		assertThat(generated()).isZero();
	}

	@Test
	void aRunShowsItsProgressAndASecondIsRefusedMeanwhile() throws Exception {
		MockHttpSession admin = session("admin");
		try (Connection lock = dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (Statement s = lock.createStatement()) {
				s.execute("LOCK TABLE workorder_order IN EXCLUSIVE MODE");
			}
			mvc.perform(post("/admin/generator").session(admin).with(csrf()).param("count", "300")
				.param("end", "2021-01-01").param("days", "3").param("seed", "7"))
				.andExpect(status().is3xxRedirection());
			assertThat(job.status().running()).isTrue();
			String progress = mvc.perform(get("/admin/generator/progress").session(admin)).andExpect(status().isOk())
				.andReturn().getResponse().getContentAsString();
			assertThat(progress).contains("hx-get=\"/admin/generator/progress\"").contains("every 1s")
				.contains("data-running=\"true\"");
			String refused = mvc.perform(post("/admin/generator").session(admin).with(csrf()).param("count", "10")
				.param("end", "2021-01-01").param("days", "3").param("seed", "8"))
				.andExpect(status().isConflict()).andReturn().getResponse().getContentAsString();
			assertThat(refused).contains("已有一次生成正在进行");
			lock.rollback();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> !job.status().running());
		assertThat(generated()).isEqualTo(300);
		assertThat(jdbc.sql("SELECT (min(submitted_at) AT TIME ZONE 'Asia/Shanghai')::date >= '2020-12-29' FROM workorder_order WHERE " + GENERATED)
			.query(Boolean.class).single()).isTrue();
		String done = mvc.perform(get("/admin/generator/progress").session(admin)).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(done).contains("id=\"generator-done\"").contains("300").doesNotContain("hx-get");
		assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE action = 'workorder.generator.start' AND actor = 'admin'")
			.query(Long.class).single()).isGreaterThanOrEqualTo(1);
		assertThat(mvc.perform(get("/").session(admin)).andReturn().getResponse().getContentAsString())
			.contains("/admin/generator");
	}
}
