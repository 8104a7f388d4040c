package org.civicloop.territory.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader and writer: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM, and
 * the line on which each record starts, so that error reports point at what a person sees in an
 * editor. Blank lines are skipped.
 */
public final class Csv {

	public record Record(int line, List<String> fields) {
	}

	/** The text is not well-formed CSV; {@code kind} names what is wrong for translated messages. */
	public static final class SyntaxError extends IllegalArgumentException {

		private final int line;
		private final String kind;

		SyntaxError(int line, String kind, String message) {
			super("Line " + line + ": " + message);
			this.line = line;
			this.kind = kind;
		}

		public int line() {
			return line;
		}

		public String kind() {
			return kind;
		}
	}

	private Csv() {
	}

	public static List<Record> parse(String text) {
		List<Record> records = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = text.startsWith("\uFEFF") ? 1 : 0;
		int line = 1;
		int recordLine = 1;
		boolean quoted = false;
		boolean afterQuote = false;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i++);
			if (quoted) {
				if (c == '"') {
					if (i < n && text.charAt(i) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
						afterQuote = true;
					}
				}
				else {
					if (c == '\n') {
						line++;
					}
					field.append(c);
				}
				continue;
			}
			switch (c) {
				case '"' -> {
					if (field.isEmpty() && !afterQuote) {
						quoted = true;
					}
					else {
						throw new SyntaxError(line, "strayQuote", "stray quote inside an unquoted field");
					}
				}
				case ',' -> {
					fields.add(field.toString());
					field.setLength(0);
					afterQuote = false;
				}
				case '\r' -> {
					// part of CRLF; the \n ends the record
				}
				case '\n' -> {
					fields.add(field.toString());
					field.setLength(0);
					afterQuote = false;
					if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
						records.add(new Record(recordLine, List.copyOf(fields)));
					}
					fields.clear();
					line++;
					recordLine = line;
				}
				default -> {
					if (afterQuote) {
						throw new SyntaxError(line, "afterQuote", "text after a closing quote");
					}
					field.append(c);
				}
			}
		}
		if (quoted) {
			throw new SyntaxError(recordLine, "unclosed", "a quoted field is never closed");
		}
		if (!field.isEmpty() || !fields.isEmpty() || afterQuote) {
			fields.add(field.toString());
			records.add(new Record(recordLine, List.copyOf(fields)));
		}
		return records;
	}

	public static String row(Object... values) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				sb.append(',');
			}
			String v = values[i] == null ? "" : values[i].toString();
			if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
				sb.append('"').append(v.replace("\"", "\"\"")).append('"');
			}
			else {
				sb.append(v);
			}
		}
		return sb.append('\n').toString();
	}
}
