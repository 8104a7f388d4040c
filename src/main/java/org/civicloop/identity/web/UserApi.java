package org.civicloop.identity.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.civicloop.identity.internal.AdminReach;
import org.civicloop.identity.internal.UserDirectory;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.civicloop.shared.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "Users", description = "Accounts inside the administrator's jurisdiction (read only)")
class UserApi {

	private final UserDirectory directory;
	private final JurisdictionScope scope;

	UserApi(UserDirectory directory, JurisdictionScope scope) {
		this.directory = directory;
		this.scope = scope;
	}

	/** An account as the API shows it: never the password hash. */
	record UserView(UUID id, String username, String displayName, boolean enabled, boolean locked,
			Instant lockedUntil, Set<Role> roles, Set<String> territories, Instant lastLoginAt, Instant createdAt,
			boolean demo) {

		static UserView of(UserDirectory.UserRow r) {
			Instant now = Instant.now();
			return new UserView(r.id(), r.username(), r.displayName(), r.enabled(), r.lockedAt(now),
					r.lockedAt(now) ? r.lockedUntil() : null, r.roles(), r.territories(), r.lastLoginAt(), r.createdAt(),
					r.demo());
		}
	}

	record UserPage(List<UserView> items, int page, int size, long total) {
	}

	@GetMapping
	@Operation(summary = "Users with at least one binding inside the caller's jurisdiction, by username")
	UserPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "25") int size,
			@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Role role) {
		if (page < 0 || size < 1 || size > 100) {
			throw new IllegalArgumentException("page must be ≥ 0 and size between 1 and 100");
		}
		if (q.length() > 100) {
			throw new IllegalArgumentException("q is longer than 100 characters");
		}
		UserDirectory.Page<UserDirectory.UserRow> p = directory.users(q, role, page, size);
		return new UserPage(p.items().stream().map(UserView::of).toList(), p.page(), p.size(), p.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One user; 403 when none of their bindings is inside the caller's jurisdiction")
	UserView get(@PathVariable UUID id) {
		UserDirectory.UserRow r = directory.user(id).orElseThrow(() -> new NotFoundException("No user " + id));
		if (!AdminReach.canSee(scope.current(), r.territories())) {
			throw new OutOfJurisdictionException("user " + r.username());
		}
		return UserView.of(r);
	}
}
