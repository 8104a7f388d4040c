package org.civicloop.workorder.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.civicloop.workorder.Category;
import org.springframework.util.MultiValueMap;

/**
 * The category's extra questions on the entry forms. Inputs are named
 * {@code attr.<category>.<attribute>} so that each category's inputs stay apart when the form
 * switches categories; only the chosen category's answers are taken.
 */
final class AttributeForm {

	private AttributeForm() {
	}

	static String name(String category, String attribute) {
		return "attr." + category + "." + attribute;
	}

	/** The answers for {@code category} (a multi-value list joined with commas). */
	static Map<String, String> answers(Category category, MultiValueMap<String, String> params) {
		Map<String, String> out = new LinkedHashMap<>();
		if (category == null || params == null) {
			return out;
		}
		for (Category.Attribute a : category.attributes()) {
			List<String> values = params.get(name(category.code(), a.code()));
			if (values == null) {
				continue;
			}
			String v = String.join(",", values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
			if (!v.isEmpty()) {
				out.put(a.code(), v);
			}
		}
		return out;
	}

	/** The description of the first required question left unanswered, or null. */
	static String firstMissing(Category category, Map<String, String> answers, Locale locale) {
		if (category == null) {
			return null;
		}
		return category.attributes().stream()
			.filter(a -> a.required() && !answers.containsKey(a.code()))
			.map(a -> "en".equals(locale.getLanguage()) ? a.descriptionEn() : a.descriptionZh())
			.findFirst()
			.orElse(null);
	}
}
