package org.civicloop.identity.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.identity.internal.AdminRuleViolation;
import org.civicloop.identity.internal.PasswordPolicy;
import org.civicloop.identity.internal.StaleFormException;
import org.civicloop.identity.internal.UserAccount;
import org.civicloop.identity.internal.UserAdministration;
import org.civicloop.identity.internal.UserDirectory;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.civicloop.territory.Territories;
import org.civicloop.territory.TerritoryNode;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration of accounts: list, create, edit roles, bindings and state, unlock, reset the
 * password; and the log of sign-in attempts. Everything is limited to the administrator's
 * jurisdiction by {@link UserAdministration} and {@link UserDirectory}. A refused form comes back
 * with 422 and its problems in the reader's language, a stale one with 409 and the current state.
 */
@Controller
@RequestMapping("/admin")
@PreAuthorize("hasRole('ADMIN')")
class UserAdminPages {

	static final int PAGE_SIZE = 25;
	private static final String GLOBAL = "global";

	private final UserAdministration admin;
	private final UserDirectory directory;
	private final Territories territories;
	private final JurisdictionScope scope;
	private final MessageSource messages;

	UserAdminPages(UserAdministration admin, UserDirectory directory, Territories territories, JurisdictionScope scope,
			MessageSource messages) {
		this.admin = admin;
		this.directory = directory;
		this.territories = territories;
		this.scope = scope;
		this.messages = messages;
	}

	/** The create form. */
	record NewUserForm(String username, String displayName, String password, String territoryCode, List<Role> roles) {
		static NewUserForm empty() {
			return new NewUserForm("", "", "", "", List.of());
		}

		public List<Role> roleList() {
			return roles == null ? List.of() : roles;
		}
	}

	/** The edit form for display name, roles and enabled state. */
	record EditForm(Long version, String displayName, List<Role> roles, Boolean enabled) {
		static EditForm of(UserAccount a) {
			return new EditForm(a.version(), a.displayName(), List.copyOf(EnumSet.copyOf(withNone(a.roles()))), a.enabled());
		}

		private static Set<Role> withNone(Set<Role> roles) {
			return roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
		}

		public List<Role> roleList() {
			return roles == null ? List.of() : roles;
		}
	}

	record BindingView(String code, String name, String level, boolean removable) {
	}

	@ModelAttribute("allRoles")
	Set<Role> allRoles() {
		return UserAdministration.allRoles();
	}

	@GetMapping("/users")
	String users(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String role,
			@RequestParam(defaultValue = "0") int page, Model model) {
		Role r = parseRole(role);
		String term = q.length() > 100 ? q.substring(0, 100) : q;
		UserDirectory.Page<UserDirectory.UserRow> users = directory.users(term, r, Math.max(0, page), PAGE_SIZE);
		Map<String, String> names = new TreeMap<>();
		users.items().forEach(u -> u.territories().forEach(c -> names.computeIfAbsent(c, this::nodeName)));
		model.addAttribute("users", users);
		model.addAttribute("names", names);
		model.addAttribute("q", term);
		model.addAttribute("role", r == null ? "" : r.name());
		model.addAttribute("now", java.time.Instant.now());
		return "admin/users";
	}

	@GetMapping("/users/new")
	String newUser(Model model) {
		return renderNew(model, NewUserForm.empty(), Map.of());
	}

	@PostMapping("/users")
	String create(@ModelAttribute("form") NewUserForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		try {
			UserAccount a = admin.create(new UserAdministration.NewUser(form.username(), form.displayName(),
					form.password(), form.roleList(), form.territoryCode()));
			redirect.addFlashAttribute("notice", "admin.notice.created");
			return "redirect:/admin/users/" + a.id();
		}
		catch (AdminRuleViolation e) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return renderNew(model, new NewUserForm(form.username(), form.displayName(), "", form.territoryCode(),
					form.roles()), errors(e));
		}
	}

	@GetMapping("/users/{id}")
	String user(@PathVariable UUID id, Model model) {
		UserAccount a = admin.get(id);
		return renderUser(model, a, EditForm.of(a), Map.of());
	}

	@PostMapping("/users/{id}")
	String update(@PathVariable UUID id, @ModelAttribute EditForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		return change(id, model, response, redirect, form, "admin.notice.saved",
				() -> admin.update(id, version(form.version()), form.displayName(), form.roleList(),
						Boolean.TRUE.equals(form.enabled())));
	}

	@PostMapping("/users/{id}/email")
	String email(@PathVariable UUID id, @RequestParam(required = false) Long version,
			@RequestParam(defaultValue = "") String email, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		return change(id, model, response, redirect, null, "admin.notice.email",
				() -> admin.changeEmail(id, version(version), email));
	}

	@PostMapping("/users/{id}/bindings")
	String bind(@PathVariable UUID id, @RequestParam(required = false) Long version,
			@RequestParam(defaultValue = "") String code, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		model.addAttribute("newCode", code);
		return change(id, model, response, redirect, null, "admin.notice.bound",
				() -> admin.addBinding(id, version(version), code));
	}

	@PostMapping("/users/{id}/bindings/remove")
	String unbind(@PathVariable UUID id, @RequestParam(required = false) Long version,
			@RequestParam(defaultValue = "") String code, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		return change(id, model, response, redirect, null, "admin.notice.unbound",
				() -> admin.removeBinding(id, version(version), code));
	}

	@PostMapping("/users/{id}/unlock")
	String unlock(@PathVariable UUID id, @RequestParam(required = false) Long version, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		return change(id, model, response, redirect, null, "admin.notice.unlocked",
				() -> admin.unlock(id, version(version)));
	}

	@PostMapping("/users/{id}/password")
	String password(@PathVariable UUID id, @RequestParam(required = false) Long version,
			@RequestParam(defaultValue = "") String password, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		return change(id, model, response, redirect, null, "admin.notice.password",
				() -> admin.resetPassword(id, version(version), password));
	}

	@GetMapping("/logins")
	String logins(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String outcome,
			@RequestParam(defaultValue = "0") int page, Model model) {
		String name = username.length() > 100 ? username.substring(0, 100) : username;
		String o = UserDirectory.OUTCOMES.contains(outcome) ? outcome : "";
		model.addAttribute("events", directory.logins(name, o, Math.max(0, page), PAGE_SIZE));
		model.addAttribute("username", name);
		model.addAttribute("outcome", o);
		model.addAttribute("outcomes", UserDirectory.OUTCOMES);
		return "admin/logins";
	}

	private String change(UUID id, Model model, HttpServletResponse response, RedirectAttributes redirect,
			EditForm submitted, String notice, java.util.function.Supplier<UserAccount> action) {
		try {
			action.get();
			redirect.addFlashAttribute("notice", notice);
			return "redirect:/admin/users/" + id;
		}
		catch (AdminRuleViolation e) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			UserAccount current = admin.get(id);
			// keep what was typed into the main form, but with the version it was made from
			EditForm form = submitted == null ? EditForm.of(current) : submitted;
			return renderUser(model, current, form, errors(e));
		}
		catch (StaleFormException | OptimisticLockingFailureException e) {
			response.setStatus(HttpStatus.CONFLICT.value());
			UserAccount current = admin.get(id);
			return renderUser(model, current, EditForm.of(current), Map.of(GLOBAL, List.of(message("admin.error.stale"))));
		}
	}

	private String renderNew(Model model, NewUserForm form, Map<String, List<String>> errors) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("passwordMin", PasswordPolicy.MIN_LENGTH);
		return "admin/user-new";
	}

	private String renderUser(Model model, UserAccount a, EditForm form, Map<String, List<String>> errors) {
		var j = scope.current();
		List<BindingView> bindings = new ArrayList<>();
		a.territoryCodes().stream().sorted().forEach(code -> {
			TerritoryNode node = TerritoryCode.isValid(code) ? territories.find(TerritoryCode.of(code)).orElse(null) : null;
			bindings.add(new BindingView(code, node == null ? code : node.name(),
					node == null ? null : node.level().name(), j.covers(code) && a.territoryCodes().size() > 1));
		});
		model.addAttribute("account", a);
		model.addAttribute("form", form);
		model.addAttribute("bindings", bindings);
		model.addAttribute("managed", admin.canManage(a));
		model.addAttribute("self", a.id().equals(j.userId()));
		model.addAttribute("locked", a.lockedUntil() != null && java.time.Instant.now().isBefore(a.lockedUntil()));
		model.addAttribute("errors", errors);
		model.addAttribute("passwordMin", PasswordPolicy.MIN_LENGTH);
		return "admin/user";
	}

	private Map<String, List<String>> errors(AdminRuleViolation e) {
		Map<String, List<String>> out = new LinkedHashMap<>();
		for (AdminRuleViolation.Problem p : e.problems()) {
			out.computeIfAbsent(p.field() == null ? GLOBAL : p.field(), k -> new ArrayList<>())
				.add(message(p.code(), p.args()));
		}
		return out;
	}

	private String message(String code, Object... args) {
		return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
	}

	private String nodeName(String code) {
		return TerritoryCode.isValid(code)
				? territories.find(TerritoryCode.of(code)).map(TerritoryNode::name).orElse(code) : code;
	}

	/** A form without its version cannot be checked for staleness, so it counts as stale. */
	private static long version(Long version) {
		return version == null ? -1 : version;
	}

	private static Role parseRole(String role) {
		try {
			return role.isBlank() ? null : Role.valueOf(role);
		}
		catch (IllegalArgumentException unknown) {
			return null;
		}
	}
}
