package org.civicloop.shared;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for what counts as an e-mail address, shared by the accounts that store one and the
 * notifications that write to one. Deliberately plain (one {@code @}, a dotted domain, no display
 * name or angle brackets): an address is used as a bare SMTP recipient, never parsed further.
 */
public final class EmailAddress {

	public static final int MAX_LENGTH = 100;

	private static final Pattern ADDRESS = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\"]{2,}$");

	private EmailAddress() {
	}

	public static boolean isValid(String s) {
		return s != null && s.strip().length() <= MAX_LENGTH && ADDRESS.matcher(s.strip()).matches();
	}

	/** Blank means "no address"; anything else must be valid (400 otherwise). */
	public static Optional<String> parseOptional(String s) {
		if (s == null || s.isBlank()) {
			return Optional.empty();
		}
		if (!isValid(s)) {
			throw new IllegalArgumentException("E-mail: a plain address such as name@example.org, at most " + MAX_LENGTH
					+ " characters");
		}
		return Optional.of(s.strip());
	}
}
