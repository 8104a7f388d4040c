package org.civicloop.territory.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A CSV import was refused; nothing was written. Carries every bad row. */
public class ImportRejectedException extends RuntimeException {

	private final List<ImportProblem> problems;

	public ImportRejectedException(List<ImportProblem> problems) {
		super(problems.size() + " row(s) rejected; nothing was imported");
		this.problems = List.copyOf(problems);
	}

	public List<ImportProblem> problems() {
		return problems;
	}

	/**
	 * @param line the line in the file (the header is line 1); 0 for the file as a whole
	 * @param reason every reason in English, joined with "; "
	 * @param reasons the same reasons in a form a page can show in the reader's language
	 */
	public record ImportProblem(int line, String code, String reason, List<Reason> reasons) {

		public ImportProblem {
			reasons = reasons == null ? List.of() : List.copyOf(reasons);
		}

		public ImportProblem(int line, String code, List<Reason> reasons) {
			this(line, code, reasons.stream().map(Reason::text).collect(Collectors.joining("; ")), reasons);
		}

		public ImportProblem(int line, String code, Reason reason) {
			this(line, code, List.of(reason));
		}
	}

	/**
	 * One reason: a message key (under {@code territory.import.reason.}) with its arguments, and
	 * the English text that the API reports.
	 */
	public record Reason(String key, List<String> args, String text) {

		static Reason of(String key, String englishFormat, Object... args) {
			return new Reason(key, Arrays.stream(args).map(String::valueOf).toList(),
					String.format(java.util.Locale.ROOT, englishFormat, args));
		}
	}
}
