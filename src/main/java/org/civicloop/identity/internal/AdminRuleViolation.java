package org.civicloop.identity.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An administrator's change was refused; nothing of it was saved. Each problem names the form
 * field it belongs to (or null) and a message key of the identity bundle, so that the page can say
 * it in the reader's language.
 */
public class AdminRuleViolation extends IllegalArgumentException {

	public record Problem(String field, String code, Object... args) {
	}

	private final List<Problem> problems;

	public AdminRuleViolation(List<Problem> problems) {
		super(problems.stream().map(Problem::code).toList().toString());
		this.problems = List.copyOf(problems);
	}

	public static AdminRuleViolation of(String field, String code, Object... args) {
		return new AdminRuleViolation(List.of(new Problem(field, code, args)));
	}

	public List<Problem> problems() {
		return problems;
	}

	/** Collects problems so that a form shows all of them at once. */
	static final class Collector {

		private final List<Problem> problems = new ArrayList<>();

		void add(String field, String code, Object... args) {
			problems.add(new Problem(field, code, args));
		}

		void throwIfAny() {
			if (!problems.isEmpty()) {
				throw new AdminRuleViolation(problems);
			}
		}
	}
}
