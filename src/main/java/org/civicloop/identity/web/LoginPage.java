package org.civicloop.identity.web;

import org.civicloop.identity.internal.OidcLogin;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginPage {

	private final OidcLogin oidc;

	LoginPage(OidcLogin oidc) {
		this.oidc = oidc;
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("oidcEnabled", oidc.enabled());
		model.addAttribute("oidcRegistration", oidc.registrationId());
		return "login";
	}
}
