package org.civicloop.workorder.web;

import org.civicloop.shared.NotFoundException;
import org.civicloop.workorder.internal.Notifications;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The signed-in user's notifications: the bell's count (polled by htmx from the layout) and a
 * paged list; opening one marks it read and goes to the order.
 */
@Controller
class NotificationPages {

	private final Notifications notifications;

	NotificationPages(Notifications notifications) {
		this.notifications = notifications;
	}

	/** The bell's badge: empty when nothing is unread (a number only, nothing to escape). */
	@GetMapping(path = "/notifications/count", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String count() {
		long n = notifications.unread();
		return n == 0 ? "" : "<span class=\"badge warn\" id=\"bell-count\">" + (n >= 100 ? "99+" : n) + "</span>";
	}

	@GetMapping("/notifications")
	String list(@RequestParam(defaultValue = "0") int page, Model model) {
		if (page < 0 || page > 10_000) {
			throw new IllegalArgumentException("page");
		}
		model.addAttribute("page", notifications.page(page, 20));
		return "workorder/notifications";
	}

	@PostMapping("/notifications/{id}/read")
	String read(@PathVariable long id) {
		return notifications.markRead(id)
			.map(order -> "redirect:/requests/" + order)
			.orElseThrow(() -> new NotFoundException("No notification " + id));
	}

	@PostMapping("/notifications/read-all")
	String readAll() {
		notifications.markAllRead();
		return "redirect:/notifications";
	}
}
