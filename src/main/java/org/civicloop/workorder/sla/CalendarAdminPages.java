package org.civicloop.workorder.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' page of the working calendar: one year's holidays and make-up working
 * days, with forms to add and remove them. A refused form comes back with 422 and its problems in
 * the reader's language.
 */
@Controller
@RequestMapping("/admin/calendar")
@PreAuthorize("hasRole('ADMIN')")
class CalendarAdminPages {

	private static final String GLOBAL = "global";

	private final WorkingCalendars calendars;
	private final MessageSource messages;

	CalendarAdminPages(WorkingCalendars calendars, MessageSource messages) {
		this.calendars = calendars;
		this.messages = messages;
	}

	/** The add form, as typed. */
	record DayForm(String date, String kind, String nameZh, String nameEn) {
		static DayForm empty() {
			return new DayForm("", DayKind.HOLIDAY.name(), "", "");
		}
	}

	record Row(LocalDate date, String weekday, boolean weekend, DayKind kind, String nameZh, String nameEn) {
	}

	@GetMapping
	String page(@RequestParam(required = false) String year, Model model) {
		return render(model, year(year), DayForm.empty(), Map.of());
	}

	@PostMapping
	String add(@ModelAttribute DayForm form, Model model, HttpServletResponse response, Authentication auth,
			RedirectAttributes redirect) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		LocalDate day = null;
		try {
			day = LocalDate.parse(form.date() == null ? "" : form.date().strip());
			if (day.getYear() < WorkingCalendars.MIN_YEAR || day.getYear() > WorkingCalendars.MAX_YEAR) {
				error(errors, "date", "workcalendar.error.year", WorkingCalendars.MIN_YEAR, WorkingCalendars.MAX_YEAR);
			}
		}
		catch (DateTimeParseException e) {
			error(errors, "date", "workcalendar.error.date");
		}
		DayKind kind = null;
		try {
			kind = DayKind.parse(form.kind());
		}
		catch (IllegalArgumentException e) {
			error(errors, "kind", "workcalendar.error.kind");
		}
		if (kind == DayKind.WORKDAY && day != null && day.getDayOfWeek() != DayOfWeek.SATURDAY
				&& day.getDayOfWeek() != DayOfWeek.SUNDAY) {
			error(errors, "kind", "workcalendar.error.workdayOnWeekday");
		}
		checkName(errors, "nameZh", form.nameZh());
		checkName(errors, "nameEn", form.nameEn());
		if (errors.isEmpty()) {
			try {
				calendars.put(day, kind, form.nameZh(), form.nameEn(), auth.getName());
				redirect.addFlashAttribute("notice", "workcalendar.notice.saved");
				return "redirect:/admin/calendar?year=" + day.getYear();
			}
			catch (IllegalArgumentException e) {
				errors.computeIfAbsent(GLOBAL, k -> new ArrayList<>()).add(e.getMessage());
			}
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		return render(model, day == null ? year(null) : clampYear(day.getYear()), form, errors);
	}

	@PostMapping("/remove")
	String remove(@RequestParam(defaultValue = "") String date, Authentication auth, RedirectAttributes redirect) {
		LocalDate day;
		try {
			day = LocalDate.parse(date);
		}
		catch (DateTimeParseException e) {
			redirect.addFlashAttribute("notice", "workcalendar.error.date");
			return "redirect:/admin/calendar";
		}
		boolean removed = calendars.remove(day, auth.getName());
		redirect.addFlashAttribute("notice", removed ? "workcalendar.notice.removed" : "workcalendar.notice.nothingToRemove");
		return "redirect:/admin/calendar?year=" + clampYear(day.getYear());
	}

	private String render(Model model, int year, DayForm form, Map<String, List<String>> errors) {
		Locale locale = LocaleContextHolder.getLocale();
		List<Row> rows = calendars.year(year)
			.stream()
			.map(d -> new Row(d.day(), d.day().getDayOfWeek().getDisplayName(TextStyle.SHORT, locale), d.weekend(),
					d.kind(), d.nameZh(), d.nameEn()))
			.toList();
		WorkingCalendar cal = calendars.current();
		int working = 0;
		for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
			working += cal.isWorkingDay(d) ? 1 : 0;
		}
		model.addAttribute("year", year);
		model.addAttribute("rows", rows);
		model.addAttribute("workingDays", working);
		model.addAttribute("hours", String.join(", ", calendars.workingHours().stream().map(WorkingInterval::toString).toList()));
		model.addAttribute("form", form);
		model.addAttribute("kinds", DayKind.values());
		model.addAttribute("errors", errors);
		model.addAttribute("minYear", WorkingCalendars.MIN_YEAR);
		model.addAttribute("maxYear", WorkingCalendars.MAX_YEAR);
		return "workorder/calendar";
	}

	private void checkName(Map<String, List<String>> errors, String field, String value) {
		String v = value == null ? "" : value.strip();
		if (v.isEmpty()) {
			error(errors, field, "workcalendar.error.nameRequired");
		}
		else if (v.length() > WorkingCalendars.MAX_NAME || v.codePoints().anyMatch(Character::isISOControl)) {
			error(errors, field, "workcalendar.error.nameTooLong", WorkingCalendars.MAX_NAME);
		}
	}

	private void error(Map<String, List<String>> errors, String field, String code, Object... args) {
		errors.computeIfAbsent(field, k -> new ArrayList<>())
			.add(messages.getMessage(code, args, code, LocaleContextHolder.getLocale()));
	}

	/** An unreadable or out-of-range year shows the current one rather than an error page. */
	private static int year(String text) {
		try {
			return text == null || text.isBlank() ? LocalDate.now(WorkingCalendar.ZONE).getYear()
					: clampYear(Integer.parseInt(text.strip()));
		}
		catch (NumberFormatException e) {
			return LocalDate.now(WorkingCalendar.ZONE).getYear();
		}
	}

	private static int clampYear(int year) {
		return Math.max(WorkingCalendars.MIN_YEAR, Math.min(WorkingCalendars.MAX_YEAR, year));
	}
}
