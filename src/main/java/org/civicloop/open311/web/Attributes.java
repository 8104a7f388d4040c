package org.civicloop.open311.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.civicloop.workorder.Category;

/** A category's questions as Open311 service attributes, and the answers a client sent. */
final class Attributes {

	static final Set<String> DATATYPES = Set.of("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");

	private Attributes() {
	}

	static List<Category.Attribute> ordered(Category c) {
		if (c.attributes() == null) {
			return List.of();
		}
		List<Category.Attribute> list = new ArrayList<>(c.attributes());
		list.sort(Comparator.comparingInt(Category.Attribute::order));
		return list;
	}

	/** The Open311 datatype; anything the catalogue calls otherwise is offered as a string. */
	static String datatype(Category.Attribute a) {
		String d = a.datatype() == null ? "string" : a.datatype().toLowerCase(Locale.ROOT);
		return DATATYPES.contains(d) ? d : "string";
	}

	/**
	 * Checks the answers ({@code attribute[code]} or, for lists, {@code attribute[code][]}) against
	 * the category: no unknown codes, every required one present, list values among the keys,
	 * numbers and date-times parseable. Several values of a multi-value list are joined with commas.
	 */
	static Map<String, String> validate(Category c, Map<String, List<String>> answers) {
		Map<String, Category.Attribute> byCode = new LinkedHashMap<>();
		ordered(c).forEach(a -> byCode.put(a.code(), a));
		for (String code : answers.keySet()) {
			if (!byCode.containsKey(code)) {
				throw Open311Exception.badRequest("Unknown attribute for service " + c.code() + ": " + code);
			}
		}
		Map<String, String> out = new LinkedHashMap<>();
		for (Category.Attribute a : byCode.values()) {
			List<String> values = answers.getOrDefault(a.code(), List.of()).stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
			if (values.isEmpty()) {
				if (a.required()) {
					throw Open311Exception.badRequest("Attribute " + a.code() + " is required");
				}
				continue;
			}
			String type = datatype(a);
			if (!type.equals("multivaluelist") && values.size() > 1) {
				throw Open311Exception.badRequest("Attribute " + a.code() + " takes one value");
			}
			Set<String> keys = new java.util.HashSet<>();
			if (a.values() != null) {
				a.values().forEach(v -> keys.add(v.key()));
			}
			for (String v : values) {
				switch (type) {
					case "singlevaluelist", "multivaluelist" -> {
						if (!keys.contains(v)) {
							throw Open311Exception.badRequest("Attribute " + a.code() + " has no value " + v);
						}
					}
					case "number" -> {
						try {
							if (v.length() > 40) {
								throw new NumberFormatException();
							}
							new BigDecimal(v);
						}
						catch (NumberFormatException e) {
							throw Open311Exception.badRequest("Attribute " + a.code() + " must be a number");
						}
					}
					case "datetime" -> Range.parse("attribute[" + a.code() + "]", v);
					case "string" -> {
						if (v.length() > 255) {
							throw Open311Exception.badRequest("Attribute " + a.code() + " is longer than 255 characters");
						}
					}
					default -> {
						if (v.length() > 4000) {
							throw Open311Exception.badRequest("Attribute " + a.code() + " is longer than 4000 characters");
						}
					}
				}
			}
			out.put(a.code(), String.join(",", values));
		}
		return out;
	}
}
