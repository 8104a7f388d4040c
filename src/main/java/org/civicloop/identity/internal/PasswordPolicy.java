package org.civicloop.identity.internal;

import java.nio.charset.StandardCharsets;

/**
 * The minimum for a password an administrator sets: at least {@value #MIN_LENGTH} characters with
 * both letters and digits. BCrypt looks at no more than 72 bytes, so longer passwords are refused
 * rather than silently cut.
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 8;
	public static final int MAX_BYTES = 72;

	private PasswordPolicy() {
	}

	public static boolean acceptable(String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH
				|| password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES || !password.equals(password.strip())) {
			return false;
		}
		return password.codePoints().anyMatch(Character::isLetter) && password.codePoints().anyMatch(Character::isDigit);
	}
}
