package org.civicloop.identity.web;

import java.util.List;

import org.civicloop.identity.internal.AdminRuleViolation;
import org.civicloop.identity.internal.OwnAccount;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

/** "My account": who I am, and the e-mail address my notices also go to. */
@Controller
class OwnAccountPage {

	private final OwnAccount own;
	private final MessageSource messages;

	OwnAccountPage(OwnAccount own, MessageSource messages) {
		this.own = own;
		this.messages = messages;
	}

	@GetMapping("/me")
	String me(Model model) {
		model.addAttribute("account", own.get());
		model.addAttribute("errors", List.of());
		return "account/me";
	}

	@PostMapping("/me/email")
	String email(@RequestParam(defaultValue = "") String email, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		try {
			own.changeEmail(email);
			redirect.addFlashAttribute("notice", "me.saved");
			return "redirect:/me";
		}
		catch (AdminRuleViolation e) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			model.addAttribute("account", own.get());
			model.addAttribute("typed", email.length() > 200 ? email.substring(0, 200) : email);
			model.addAttribute("errors", List.of(messages.getMessage("admin.error.email", null, LocaleContextHolder.getLocale())));
			return "account/me";
		}
	}
}
