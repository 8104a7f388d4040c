package org.civicloop.territory.internal;

import java.util.List;

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

	/** @param line the line in the file (the header is line 1); 0 for the file as a whole */
	public record ImportProblem(int line, String code, String reason) {
	}
}
