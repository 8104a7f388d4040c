package org.civicloop.notification.web;

import java.util.List;
import java.util.Locale;

import org.civicloop.notification.internal.NoticeStore;
import org.civicloop.shared.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The signed-in user's inbox, for notices of every module: the bell's count (polled by htmx from
 * the layout), a paged list that can be narrowed to one source; opening a notice marks it read and
 * follows its link.
 */
@Controller
class NotificationPages {

	static final int PAGE_SIZE = 20;

	private final NoticeStore store;
	private final MessageSource messages;

	NotificationPages(NoticeStore store, MessageSource messages) {
		this.store = store;
		this.messages = messages;
	}

	/** One notice as shown: its text rendered in the reader's language. */
	record Row(long id, String source, String text, java.time.Instant at, boolean read) {
	}

	/** The bell's badge: empty when nothing is unread (a number only, nothing to escape). */
	@GetMapping(path = "/notifications/count", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String count() {
		long n = store.unread();
		return n == 0 ? "" : "<span class=\"badge warn\" id=\"bell-count\">" + (n >= 100 ? "99+" : n) + "</span>";
	}

	@GetMapping("/notifications")
	String list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "") String source,
			Model model) {
		if (page < 0 || page > 10_000) {
			throw new IllegalArgumentException("page");
		}
		String s = source(source);
		NoticeStore.Page p = store.page(s, page, PAGE_SIZE);
		Locale locale = LocaleContextHolder.getLocale();
		List<Row> rows = p.items().stream()
			.map(i -> new Row(i.id(), i.source(), messages.getMessage(i.messageKey(), i.args().toArray(), i.messageKey(), locale),
					i.at(), i.read()))
			.toList();
		model.addAttribute("page", p);
		model.addAttribute("rows", rows);
		model.addAttribute("source", s == null ? "" : s);
		model.addAttribute("sources", store.sources());
		return "notification/inbox";
	}

	@PostMapping("/notifications/{id}/read")
	String read(@PathVariable long id) {
		return store.markRead(id)
			.map(link -> "redirect:" + (link.isEmpty() ? "/notifications" : link))
			.orElseThrow(() -> new NotFoundException("No notification " + id));
	}

	@PostMapping("/notifications/read-all")
	String readAll(@RequestParam(defaultValue = "") String source) {
		String s = source(source);
		store.markAllRead(s);
		return "redirect:/notifications" + (s == null ? "" : "?source=" + s);
	}

	/** A source is a module name: anything else is refused rather than echoed. */
	private static String source(String raw) {
		if (raw.isEmpty()) {
			return null;
		}
		if (!raw.matches("[a-z][a-z0-9-]{0,39}")) {
			throw new IllegalArgumentException("source");
		}
		return raw;
	}
}
