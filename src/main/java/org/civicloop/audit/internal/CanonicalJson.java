package org.civicloop.audit.internal;

import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Canonical JSON in the spirit of RFC 8785 (JCS), restricted to what audit details need: object
 * keys sorted by UTF-16 code units (Java's {@link String#compareTo}), no insignificant whitespace,
 * strings with only the mandatory escapes (control characters as {@code \\uXXXX} in lower-case hex
 * except the short forms), UTF-8 when turned into bytes. Numbers are integers only: JCS's rules
 * for floating point need an ECMAScript number formatter, and a decimal is better recorded as a
 * string anyway. Written by hand so that neither a JSON library's defaults nor its upgrades can
 * change the bytes that are hashed.
 */
public final class CanonicalJson {

	/** Text that is already canonical JSON, embedded as is. */
	public record Raw(String json) {
	}

	private CanonicalJson() {
	}

	public static String write(Object value) {
		StringBuilder sb = new StringBuilder();
		write(value, sb, 0);
		return sb.toString();
	}

	private static void write(Object v, StringBuilder sb, int depth) {
		if (depth > 32) {
			throw new IllegalArgumentException("details nested too deeply");
		}
		if (v == null) {
			sb.append("null");
		}
		else if (v instanceof Raw raw) {
			sb.append(raw.json());
		}
		else if (v instanceof String s) {
			string(s, sb);
		}
		else if (v instanceof Boolean b) {
			sb.append(b ? "true" : "false");
		}
		else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
				|| v instanceof BigInteger) {
			sb.append(v);
		}
		else if (v instanceof Number) {
			throw new IllegalArgumentException("only integral numbers are canonical here; record " + v + " as a string");
		}
		else if (v instanceof Map<?, ?> map) {
			List<String> keys = new ArrayList<>();
			for (Object k : map.keySet()) {
				if (!(k instanceof String ks)) {
					throw new IllegalArgumentException("object keys must be strings");
				}
				keys.add(ks);
			}
			keys.sort(String::compareTo);
			sb.append('{');
			for (int i = 0; i < keys.size(); i++) {
				if (i > 0) {
					sb.append(',');
				}
				string(keys.get(i), sb);
				sb.append(':');
				write(map.get(keys.get(i)), sb, depth + 1);
			}
			sb.append('}');
		}
		else if (v instanceof Collection<?> c) {
			sb.append('[');
			int i = 0;
			for (Object o : c) {
				if (i++ > 0) {
					sb.append(',');
				}
				write(o, sb, depth + 1);
			}
			sb.append(']');
		}
		else if (v instanceof Object[] arr) {
			write(List.of(arr), sb, depth);
		}
		else if (v instanceof Enum<?> || v instanceof UUID || v instanceof TemporalAccessor || v instanceof CharSequence
				|| v instanceof org.civicloop.shared.TerritoryCode) {
			string(v.toString(), sb);
		}
		else {
			throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as canonical JSON");
		}
	}

	private static void string(String s, StringBuilder sb) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (c < 0x20) {
						sb.append(String.format("\\u%04x", (int) c));
					}
					else if (Character.isSurrogate(c)) {
						// lone surrogates cannot be encoded in UTF-8; JCS rejects them too
						if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
							sb.append(c).append(s.charAt(++i));
						}
						else {
							throw new IllegalArgumentException("string contains a lone surrogate");
						}
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		sb.append('"');
	}
}
