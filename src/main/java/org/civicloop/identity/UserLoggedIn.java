package org.civicloop.identity;

import java.time.Instant;
import java.util.UUID;

/** Someone signed in; {@code channel} is FORM, TOKEN or OIDC. */
public record UserLoggedIn(UUID userId, String username, String channel, String remoteAddr, Instant at) {
}
