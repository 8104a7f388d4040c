package org.civicloop.workorder.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.audit.AuditLog;
import org.civicloop.audit.AuditRecord;
import org.civicloop.workorder.internal.GeneratorJob;
import org.civicloop.workorder.sla.WorkingCalendar;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The administrators' page of the request generator: realistic requests over the Hangzhou tree for
 * demos and benchmarks, with a progress bar that htmx refreshes every second while a run goes on.
 * One run at a time (a second is refused with 409); every start is in the audit log, since it
 * changes every indicator of the period.
 */
@Controller
@RequestMapping("/admin/generator")
@PreAuthorize("hasRole('ADMIN')")
class GeneratorPages {

	private final GeneratorJob job;
	private final AuditLog audit;
	private final TransactionTemplate tx;
	private final MessageSource messages;

	GeneratorPages(GeneratorJob job, AuditLog audit, TransactionTemplate tx, MessageSource messages) {
		this.job = job;
		this.audit = audit;
		this.tx = tx;
		this.messages = messages;
	}

	/** The form as typed. */
	record RunForm(String count, String end, String days, String seed) {
		static RunForm defaults() {
			return new RunForm("10000", LocalDate.now(WorkingCalendar.ZONE).plusDays(1).toString(), "365", "2026");
		}
	}

	@GetMapping
	String page(Model model) {
		return render(model, RunForm.defaults(), List.of());
	}

	/** Polled by the page every second while a run is in progress. */
	@GetMapping("/progress")
	String progress(Model model) {
		model.addAttribute("s", job.status());
		model.addAttribute("run", job.lastRun());
		return "workorder/generator :: progress";
	}

	@PostMapping
	String start(@ModelAttribute RunForm form, Model model, HttpServletResponse response, Authentication auth) {
		List<String> errors = new ArrayList<>();
		long count = number(form.count(), 1, GeneratorJob.MAX_COUNT, "wo.generator.error.count", errors);
		int days = (int) number(form.days(), 1, GeneratorJob.MAX_DAYS, "wo.generator.error.days", errors);
		long seed = number(form.seed(), Long.MIN_VALUE, Long.MAX_VALUE, "wo.generator.error.seed", errors);
		LocalDate end = null;
		try {
			end = LocalDate.parse(form.end() == null ? "" : form.end().strip());
			if (end.getYear() < 2000 || end.isAfter(LocalDate.now(WorkingCalendar.ZONE).plusYears(1))) {
				errors.add(text("wo.generator.error.end"));
			}
		}
		catch (DateTimeParseException e) {
			errors.add(text("wo.generator.error.end"));
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return render(model, form, errors);
		}
		LocalDate until = end;
		try {
			tx.executeWithoutResult(s -> {
				job.start(count, until, days, seed, auth.getName());
				audit.record(AuditRecord.of(auth.getName(), "workorder.generator.start", "generator-run",
						job.lastRun().startedAt().toString())
					.detail("count", Long.toString(count))
					.detail("end", until.toString())
					.detail("days", Integer.toString(days))
					.detail("seed", Long.toString(seed)));
			});
		}
		catch (IllegalStateException running) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return render(model, form, List.of(text("wo.generator.error.running")));
		}
		return "redirect:/admin/generator";
	}

	private String render(Model model, RunForm form, List<String> errors) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("s", job.status());
		model.addAttribute("run", job.lastRun());
		model.addAttribute("maxCount", GeneratorJob.MAX_COUNT);
		model.addAttribute("maxDays", GeneratorJob.MAX_DAYS);
		return "workorder/generator";
	}

	private long number(String raw, long min, long max, String error, List<String> errors) {
		try {
			long v = Long.parseLong(raw == null ? "" : raw.strip());
			if (v < min || v > max) {
				throw new NumberFormatException();
			}
			return v;
		}
		catch (NumberFormatException e) {
			errors.add(text(error, min == Long.MIN_VALUE ? "" : min, max == Long.MAX_VALUE ? "" : max));
			return min == Long.MIN_VALUE ? 0 : min;
		}
	}

	private String text(String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}
}
