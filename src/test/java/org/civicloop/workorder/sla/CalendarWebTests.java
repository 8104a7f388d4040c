package org.civicloop.workorder.sla;

import java.time.LocalDate;

import org.civicloop.support.CivicLoopTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The calendar API and administration page on the whole application. Changes are made in 2031
 * (outside the seeded 2026) and undone, so the seeded year stays as published.
 */
@CivicLoopTest
class CalendarWebTests {

	static final String API = "/api/v1/workorders/calendar";

	@Autowired
	MockMvc mvc;

	@Autowired
	TestTokens tokens;

	@Autowired
	WorkingCalendars calendars;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theSeeded2026CalendarIsTheStateCouncilArrangement() throws Exception {
		WorkingCalendar current = calendars.current();
		assertThat(current.holidays()).filteredOn(d -> d.getYear() == 2026)
			.containsExactlyInAnyOrderElementsOf(Holidays2026.HOLIDAYS);
		assertThat(current.makeUpWorkdays()).filteredOn(d -> d.getYear() == 2026)
			.containsExactlyInAnyOrderElementsOf(Holidays2026.MAKE_UP);
		assertThat(current.hours()).isEqualTo(WorkingCalendar.DEFAULT_HOURS);
		mvc.perform(get(API).param("year", "2026").header(HttpHeaders.AUTHORIZATION, tokens.bearer("resident1")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.year").value(2026))
			.andExpect(jsonPath("$.zone").value("Asia/Shanghai"))
			.andExpect(jsonPath("$.workingHours[0]").value("09:00-12:00"))
			.andExpect(jsonPath("$.workingHours[1]").value("13:30-18:00"))
			.andExpect(jsonPath("$.workingDays").value(248))
			.andExpect(jsonPath("$.days.length()").value(39))
			.andExpect(jsonPath("$.days[?(@.date == '2026-02-14')].kind").value("WORKDAY"))
			.andExpect(jsonPath("$.days[?(@.date == '2026-02-17')].nameZh").value("春节"))
			.andExpect(jsonPath("$.days[?(@.date == '2026-10-10')].weekday").value("SATURDAY"));
	}

	@ParameterizedTest(name = "{0} {1} {2} → {4}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# caller    | method | path                               | body                                                  | status
			anonymous   | GET    | /api/v1/workorders/calendar        | -                                                     | 401
			resident1   | GET    | /api/v1/workorders/calendar        | -                                                     | 200
			sjq-staff   | GET    | /api/v1/workorders/calendar?year=2031 | -                                                  | 200
			anonymous   | PUT    | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"} | 401
			resident1   | PUT    | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"} | 403
			sjq-staff   | PUT    | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"} | 403
			dz-leader   | PUT    | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"} | 403
			sjq-staff   | DELETE | /api/v1/workorders/calendar/2026-10-01 | -                                                 | 403
			anonymous   | DELETE | /api/v1/workorders/calendar/2026-10-01 | -                                                 | 401
			""")
	void whoMayCallWhat(String caller, String method, String path, String body, int expected) throws Exception {
		var request = switch (method) {
			case "GET" -> get(path);
			case "PUT" -> put(path).contentType(MediaType.APPLICATION_JSON).content(body);
			default -> delete(path);
		};
		if (!caller.equals("anonymous")) {
			request.header(HttpHeaders.AUTHORIZATION, tokens.bearer(caller));
		}
		mvc.perform(request).andExpect(status().is(expected));
		assertThat(calendars.find(LocalDate.of(2031, 5, 2))).isEmpty();
		assertThat(calendars.find(LocalDate.of(2026, 10, 1))).isPresent();
	}

	@Test
	void administratorsSetAndRemoveDaysAndTheCalendarFollows() throws Exception {
		LocalDate friday = LocalDate.of(2031, 5, 2);
		LocalDate saturday = LocalDate.of(2031, 5, 10);
		String admin = tokens.bearer("admin");
		assertThat(calendars.current().isWorkingDay(friday)).isTrue();
		long audited = auditEntries("2031-05-02");
		mvc.perform(put(API + "/2031-05-02").header(HttpHeaders.AUTHORIZATION, admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"kind\":\"holiday\",\"nameZh\":\" 劳动节 \",\"nameEn\":\"Labour Day\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.kind").value("HOLIDAY"))
			.andExpect(jsonPath("$.nameZh").value("劳动节"));
		mvc.perform(put(API + "/2031-05-10").header(HttpHeaders.AUTHORIZATION, admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"kind\":\"WORKDAY\",\"nameZh\":\"劳动节调休上班\",\"nameEn\":\"Make-up working day\"}"))
			.andExpect(status().isOk());
		assertThat(calendars.current().isWorkingDay(friday)).isFalse();
		assertThat(calendars.current().isWorkingDay(saturday)).isTrue();
		assertThat(auditEntries("2031-05-02")).isEqualTo(audited + 1);
		mvc.perform(get(API + "?year=2031").header(HttpHeaders.AUTHORIZATION, tokens.bearer("sjq-staff")))
			.andExpect(jsonPath("$.days.length()").value(2));

		mvc.perform(delete(API + "/2031-05-02").header(HttpHeaders.AUTHORIZATION, admin)).andExpect(status().isNoContent());
		mvc.perform(delete(API + "/2031-05-10").header(HttpHeaders.AUTHORIZATION, admin)).andExpect(status().isNoContent());
		mvc.perform(delete(API + "/2031-05-10").header(HttpHeaders.AUTHORIZATION, admin))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(calendars.current().isWorkingDay(friday)).isTrue();
		assertThat(calendars.current().isWorkingDay(saturday)).isFalse();
	}

	@ParameterizedTest(name = "{0} {1} {2} → 400")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			# method | path                               | body
			PUT      | /api/v1/workorders/calendar/2031-02-30 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/31-05-02   | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/tomorrow   | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-02 | {"kind":"FESTIVAL","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-02 | {"nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-07 | {"kind":"WORKDAY","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":" ","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-02 | {"kind":"HOLIDAY","nameZh":"测试"}
			PUT      | /api/v1/workorders/calendar/1999-05-03 | {"kind":"HOLIDAY","nameZh":"测试","nameEn":"Test"}
			PUT      | /api/v1/workorders/calendar/2031-05-02 | {"kind":
			PUT      | /api/v1/workorders/calendar/2031-05-02 | -
			DELETE   | /api/v1/workorders/calendar/2031-13-01 | -
			GET      | /api/v1/workorders/calendar?year=abc   | -
			GET      | /api/v1/workorders/calendar?year=1999  | -
			GET      | /api/v1/workorders/calendar?year=99999999999 | -
			""")
	void badInputIsAProblem(String method, String path, String body) throws Exception {
		var request = switch (method) {
			case "GET" -> get(path);
			case "PUT" -> body == null ? put(path).contentType(MediaType.APPLICATION_JSON)
					: put(path).contentType(MediaType.APPLICATION_JSON).content(body);
			default -> delete(path);
		};
		mvc.perform(request.header(HttpHeaders.AUTHORIZATION, tokens.bearer("admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(calendars.year(2031)).isEmpty();
	}

	long auditEntries(String day) {
		return jdbc.sql("SELECT count(*) FROM audit_entry WHERE action = 'workorder.calendar.set' AND record_id = ?")
			.param(day)
			.query(Long.class)
			.single();
	}

	MockHttpSession login(String username) throws Exception {
		return (MockHttpSession) mvc.perform(formLogin("/login").user(username).password(TestTokens.PASSWORD))
			.andExpect(redirectedUrl("/"))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	@Test
	void onlyAdministratorsReachThePage() throws Exception {
		mvc.perform(get("/admin/calendar")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/calendar").session(login("sjq-staff"))).andExpect(status().isForbidden());
		mvc.perform(post("/admin/calendar").session(login("resident1")).with(csrf())
			.param("date", "2031-05-02").param("kind", "HOLIDAY").param("nameZh", "x").param("nameEn", "x"))
			.andExpect(status().isForbidden());
		assertThat(calendars.find(LocalDate.of(2031, 5, 2))).isEmpty();
	}

	@Test
	void thePageListsAYearInTheReadersLanguage() throws Exception {
		MockHttpSession admin = login("admin");
		mvc.perform(get("/admin/calendar?year=2026").session(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("2026 年工作日历")))
			.andExpect(content().string(containsString("data-date=\"2026-02-14\" data-kind=\"WORKDAY\"")))
			.andExpect(content().string(containsString("春节")))
			.andExpect(content().string(containsString("全年工作日 248 天")));
		mvc.perform(get("/admin/calendar?year=2026&lang=en").session(admin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Spring Festival")))
			.andExpect(content().string(containsString("248 working days")))
			.andExpect(content().string(not(containsString("全年工作日"))));
		mvc.perform(get("/admin/calendar?year=nonsense").session(admin)).andExpect(status().isOk());
	}

	@Test
	void theFormValidatesAddsAndRemoves() throws Exception {
		MockHttpSession admin = login("admin");
		mvc.perform(post("/admin/calendar").session(admin).with(csrf())
			.param("date", "2031-05-07").param("kind", "WORKDAY").param("nameZh", "").param("nameEn", "Test"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("调休上班日只能是周六或周日")))
			.andExpect(content().string(containsString("请填写名称")));
		mvc.perform(post("/admin/calendar").session(admin).with(csrf())
			.param("date", "2031-02-30").param("kind", "OTHER").param("nameZh", "测试").param("nameEn", "Test"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("请输入有效日期")))
			.andExpect(content().string(containsString("请选择")));
		assertThat(calendars.year(2031)).isEmpty();

		mvc.perform(post("/admin/calendar").session(admin).with(csrf())
			.param("date", "2031-05-02").param("kind", "HOLIDAY").param("nameZh", "劳动节").param("nameEn", "Labour Day"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/admin/calendar?year=2031"));
		assertThat(calendars.current().isWorkingDay(LocalDate.of(2031, 5, 2))).isFalse();
		mvc.perform(get("/admin/calendar?year=2031").session(admin))
			.andExpect(content().string(containsString("data-date=\"2031-05-02\" data-kind=\"HOLIDAY\"")));
		mvc.perform(post("/admin/calendar/remove").session(admin).with(csrf()).param("date", "2031-05-02"))
			.andExpect(redirectedUrl("/admin/calendar?year=2031"));
		assertThat(calendars.year(2031)).isEmpty();
		assertThat(calendars.current().isWorkingDay(LocalDate.of(2031, 5, 2))).isTrue();
	}
}
