package org.civicloop.open311.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicloop.workorder.Category;
import org.civicloop.workorder.Channel;
import org.civicloop.workorder.NewWorkOrder;
import org.civicloop.workorder.Priority;
import org.springframework.util.MultiValueMap;

/**
 * A {@code POST requests} form, checked and turned into a {@link NewWorkOrder}.
 * <ul>
 * <li>Location: {@code lat}+{@code long} (WGS 84) go to the facade, which places the order in the
 * territory tree; {@code address_id} is one of our territory codes; {@code address_string} is kept
 * as the address. At least one of the three is required.</li>
 * <li>The requester: first/last name become the name, e-mail and phone the contact. A request
 * without any of them is anonymous. {@code account_id} and {@code device_id} are the client's own
 * identifiers: kept with the order (attributes {@code open311.account_id}, {@code open311.device_id})
 * for support and abuse tracing, never published.</li>
 * <li>{@code media_url} (http or https) is kept as the attribute {@code open311.media_url} and
 * returned in {@code GET requests}.</li>
 * <li>An {@code Idempotency-Key} header, scoped to the API key, makes a retry return the first
 * order.</li>
 * </ul>
 */
record NewRequest(Category category, String description, String territoryCode, Double lat, Double lng, String address,
		String name, String contact, Map<String, String> attributes, String idempotencyKey) {

	static final int MAX_DESCRIPTION = 4000;
	/** The work order keeps attribute values of at most 500 characters. */
	static final int MAX_EXTRA = 500;
	static final String MEDIA_URL = "open311.media_url";
	static final String ACCOUNT_ID = "open311.account_id";
	static final String DEVICE_ID = "open311.device_id";
	private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\[\\]]{1,64})\\](\\[\\])?");
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
	private static final Pattern PHONE = Pattern.compile("[0-9+()\\- ]{3,30}");
	private static final Pattern TERRITORY = Pattern.compile("[0-9A-Za-z]{2,24}");

	static NewRequest parse(MultiValueMap<String, String> params, Function<String, Optional<Category>> categories,
			UUID apiKey, String idempotencyKey) {
		String code = single(params, "service_code", 64);
		if (code == null) {
			throw Open311Exception.badRequest("service_code is required");
		}
		Category category = categories.apply(code)
			.orElseThrow(() -> Open311Exception.badRequest("Unknown service_code: " + code));

		String latText = single(params, "lat", 40);
		String lngText = single(params, "long", 40);
		Double lat = null;
		Double lng = null;
		if (latText != null || lngText != null) {
			if (latText == null || lngText == null) {
				throw Open311Exception.badRequest("lat and long go together");
			}
			lat = coordinate("lat", latText, 90);
			lng = coordinate("long", lngText, 180);
		}
		String addressId = single(params, "address_id", 24);
		if (addressId != null && !TERRITORY.matcher(addressId).matches()) {
			throw Open311Exception.badRequest("address_id is not a territory code");
		}
		String address = single(params, "address_string", 500);
		if (lat == null && addressId == null && address == null) {
			throw Open311Exception.badRequest("A location is required: lat and long, address_string or address_id");
		}

		String description = single(params, "description", MAX_DESCRIPTION);
		String media = single(params, "media_url", MAX_EXTRA);
		if (media != null) {
			URI uri;
			try {
				uri = URI.create(media);
			}
			catch (IllegalArgumentException e) {
				throw Open311Exception.badRequest("media_url is not a URL");
			}
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
				throw Open311Exception.badRequest("media_url must be an http or https URL");
			}
		}
		if (description == null) {
			description = "";
		}

		String email = single(params, "email", 320);
		if (email != null && !EMAIL.matcher(email).matches()) {
			throw Open311Exception.badRequest("email is not an e-mail address");
		}
		String phone = single(params, "phone", 30);
		if (phone != null && !PHONE.matcher(phone).matches()) {
			throw Open311Exception.badRequest("phone is not a phone number");
		}
		String first = single(params, "first_name", 50);
		String last = single(params, "last_name", 50);
		String name = join(" ", first, last);
		String contact = join("; ", email, phone);

		Map<String, List<String>> answers = new LinkedHashMap<>();
		params.forEach((key, values) -> {
			Matcher m = ATTRIBUTE.matcher(key);
			if (m.matches()) {
				answers.computeIfAbsent(m.group(1), k -> new ArrayList<>()).addAll(values);
			}
			else if (key.startsWith("attribute[")) {
				throw Open311Exception.badRequest("Malformed attribute parameter: " + truncate(key));
			}
		});
		Map<String, String> attributes = new LinkedHashMap<>(Attributes.validate(category, answers));
		putIfPresent(attributes, MEDIA_URL, media);
		putIfPresent(attributes, ACCOUNT_ID, single(params, "account_id", MAX_EXTRA));
		putIfPresent(attributes, DEVICE_ID, single(params, "device_id", MAX_EXTRA));

		String idem = idempotencyKey == null || idempotencyKey.isBlank() ? null
				: "open311:" + apiKey + ":" + truncate(idempotencyKey.strip());
		return new NewRequest(category, description, addressId, lat, lng, address, name, contact, attributes, idem);
	}

	NewWorkOrder toWorkOrder() {
		boolean anonymous = name == null && contact == null;
		return new NewWorkOrder(category.code(), description, territoryCode, lat, lng, address, Channel.OPEN311,
				Priority.GENERAL, anonymous, null, name, contact, attributes, idempotencyKey);
	}

	private static String single(MultiValueMap<String, String> params, String name, int max) {
		List<String> values = params.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw Open311Exception.badRequest(name + " may be given once");
		}
		String v = values.get(0) == null ? null : values.get(0).strip();
		if (v == null || v.isEmpty()) {
			return null;
		}
		if (v.length() > max) {
			throw Open311Exception.badRequest(name + " is longer than " + max + " characters");
		}
		if (v.indexOf('\0') >= 0) {
			throw Open311Exception.badRequest(name + " contains a NUL character");
		}
		return v;
	}

	private static Double coordinate(String name, String text, double limit) {
		double d;
		try {
			d = Double.parseDouble(text);
		}
		catch (NumberFormatException e) {
			throw Open311Exception.badRequest(name + " is not a number");
		}
		if (Double.isNaN(d) || Double.isInfinite(d) || d < -limit || d > limit) {
			throw Open311Exception.badRequest(name + " must be between -" + (int) limit + " and " + (int) limit);
		}
		return d;
	}

	private static void putIfPresent(Map<String, String> attributes, String key, String value) {
		if (value != null) {
			attributes.put(key, value);
		}
	}

	private static String join(String sep, String a, String b) {
		if (a == null) {
			return b;
		}
		return b == null ? a : a + sep + b;
	}

	private static String truncate(String s) {
		return s.length() > 100 ? s.substring(0, 100) : s;
	}
}
