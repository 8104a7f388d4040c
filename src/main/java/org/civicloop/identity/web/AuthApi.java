package org.civicloop.identity.web;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.civicloop.identity.internal.CivicUser;
import org.civicloop.identity.internal.SignInService;
import org.civicloop.identity.internal.TokenService;
import org.civicloop.platform.web.ApiProblems;
import org.civicloop.shared.Jurisdiction;
import org.civicloop.shared.JurisdictionScope;
import org.civicloop.shared.Role;
import org.civicloop.shared.TerritoryCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Authentication")
class AuthApi {

	private final SignInService signIn;
	private final TokenService tokens;
	private final JurisdictionScope scope;

	AuthApi(SignInService signIn, TokenService tokens, JurisdictionScope scope) {
		this.signIn = signIn;
		this.tokens = tokens;
		this.scope = scope;
	}

	record TokenRequest(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record TokenResponse(String access_token, String token_type, long expires_in) {
	}

	record Me(String username, Set<Role> roles, List<String> territories) {
	}

	@PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Exchange a username and password for a bearer token")
	TokenResponse token(@Valid @RequestBody TokenRequest request) {
		CivicUser user = signIn.signIn(request.username(), request.password(), "TOKEN");
		TokenService.IssuedToken t = tokens.issue(user.jurisdiction(), user.accessVersion());
		return new TokenResponse(t.value(), "Bearer", t.expiresInSeconds());
	}

	@GetMapping("/me")
	@Operation(summary = "Who the token belongs to, with roles and territory bindings")
	Me me() {
		Jurisdiction j = scope.current();
		return new Me(j.username(), j.roles(), j.roots().stream().map(TerritoryCode::value).sorted().toList());
	}

	@ExceptionHandler(BadCredentialsException.class)
	ResponseEntity<ProblemDetail> bad(BadCredentialsException e) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header("WWW-Authenticate", "Bearer")
			.body(ApiProblems.problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong username or password"));
	}

	@ExceptionHandler(DisabledException.class)
	ResponseEntity<ProblemDetail> disabled(DisabledException e) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.body(ApiProblems.problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong username or password"));
	}

	@ExceptionHandler({ LockedException.class, SignInService.BackoffException.class })
	ResponseEntity<ProblemDetail> throttled(RuntimeException e) {
		boolean locked = e instanceof LockedException;
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header("Retry-After", locked ? "900" : "2")
			.body(ApiProblems.problem(HttpStatus.TOO_MANY_REQUESTS, locked ? "account-locked" : "login-backoff",
					locked ? "Too many failed attempts: the account is locked for 15 minutes"
							: "Several failed attempts: wait a few seconds before trying again"));
	}
}
