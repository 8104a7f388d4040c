package org.civicloop.identity;

import java.time.Instant;

/** A sign-in attempt failed; {@code outcome} says why (BAD_CREDENTIALS, LOCKED, BACKOFF, DISABLED). */
public record LoginFailed(String username, String channel, String outcome, String remoteAddr, Instant at) {
}
