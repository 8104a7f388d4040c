package org.civicloop.open311.web;

import java.security.Principal;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.open311.internal.ApiKeys;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Open311 API keys for administrators: list, issue and revoke. A new key is shown once, in the
 * answer to the form that issued it (not through a redirect, so it never sits in a session or a
 * URL), and that answer is not cached.
 */
@Controller
@RequestMapping("/admin/open311")
@PreAuthorize("hasRole('ADMIN')")
class Open311AdminPages {

	private final ApiKeys keys;

	Open311AdminPages(ApiKeys keys) {
		this.keys = keys;
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("keys", keys.list());
		return "open311/keys";
	}

	@PostMapping
	ModelAndView issue(@RequestParam(defaultValue = "") String label, Principal principal, HttpServletResponse response) {
		ModelAndView mv = new ModelAndView("open311/keys");
		String clean = label.strip();
		if (clean.isEmpty() || clean.length() > 100) {
			mv.setStatus(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT);
			mv.addObject("labelError", true);
			mv.addObject("label", clean.length() > 100 ? clean.substring(0, 100) : clean);
		}
		else {
			ApiKeys.Issued issued = keys.issue(clean, principal.getName());
			mv.addObject("issued", issued);
			response.setHeader("Cache-Control", "no-store");
		}
		mv.addObject("keys", keys.list());
		return mv;
	}

	@PostMapping("/{id}/revoke")
	String revoke(@PathVariable String id, Principal principal, RedirectAttributes redirect) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			return "redirect:/admin/open311";
		}
		if (keys.revoke(uuid, principal.getName())) {
			redirect.addFlashAttribute("revoked", keys.find(uuid).map(ApiKeys.ApiKey::label).orElse(""));
		}
		return "redirect:/admin/open311";
	}
}
