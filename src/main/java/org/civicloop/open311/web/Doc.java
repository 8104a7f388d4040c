package org.civicloop.open311.web;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import tools.jackson.databind.json.JsonMapper;

/**
 * An Open311 document, written once and rendered as JSON or XML. GeoReport v2 defines the XML
 * (root element, one element per list item) and derives the JSON from it: a root list becomes a
 * JSON array, an object a JSON object, and nested lists arrays. Values are strings, numbers,
 * booleans, instants (written ISO 8601 with the offset of {@link #ZONE}), nested {@link Obj}s or
 * {@link Items}; a null is {@code null} in JSON and an empty element in XML.
 */
final class Doc {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
	static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

	/** Open311's own documents do not follow the application's JSON settings (nulls are kept). */
	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

	private final String root;
	private final Object body;

	private Doc(String root, Object body) {
		this.root = root;
		this.body = body;
	}

	/** A list document, e.g. {@code <services><service>…</service></services>} / {@code [ {…} ]}. */
	static Doc list(String root, String item, List<Obj> items) {
		return new Doc(root, new Items(item, items));
	}

	/** An object document, e.g. {@code <discovery>…</discovery>} / {@code { … }}. */
	static Doc object(String root, Obj obj) {
		return new Doc(root, obj);
	}

	static String datetime(Instant at) {
		return at == null ? null : DATETIME.format(at.truncatedTo(ChronoUnit.SECONDS).atZone(ZONE));
	}

	/** An ordered set of fields. */
	static final class Obj {

		final Map<String, Object> fields = new LinkedHashMap<>();

		Obj put(String name, Object value) {
			fields.put(name, value instanceof Instant i ? datetime(i) : value);
			return this;
		}
	}

	/** A list whose items are {@code <item>} elements in XML. */
	record Items(String item, List<?> values) {
	}

	byte[] render(Format format) {
		return format == Format.XML ? xml() : JSON.writeValueAsBytes(plain(body));
	}

	private static Object plain(Object value) {
		if (value instanceof Obj o) {
			Map<String, Object> m = new LinkedHashMap<>();
			o.fields.forEach((k, v) -> m.put(k, plain(v)));
			return m;
		}
		if (value instanceof Items items) {
			List<Object> l = new ArrayList<>();
			items.values().forEach(v -> l.add(plain(v)));
			return l;
		}
		return value;
	}

	private byte[] xml() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
			w.writeStartDocument("UTF-8", "1.0");
			w.writeStartElement(root);
			content(w, body);
			w.writeEndElement();
			w.writeEndDocument();
			w.close();
		}
		catch (XMLStreamException e) {
			throw new IllegalStateException("Cannot write Open311 XML", e);
		}
		return out.toByteArray();
	}

	private static void content(XMLStreamWriter w, Object value) throws XMLStreamException {
		if (value == null) {
			return;
		}
		if (value instanceof Obj o) {
			for (Map.Entry<String, Object> e : o.fields.entrySet()) {
				w.writeStartElement(e.getKey());
				content(w, e.getValue());
				w.writeEndElement();
			}
		}
		else if (value instanceof Items items) {
			for (Object v : items.values()) {
				w.writeStartElement(items.item());
				content(w, v);
				w.writeEndElement();
			}
		}
		else {
			w.writeCharacters(xmlSafe(String.valueOf(value)));
		}
	}

	/** Drops the characters XML 1.0 cannot carry at all (control characters a client may have sent). */
	static String xmlSafe(String s) {
		StringBuilder sb = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
					|| Character.isSurrogate(c);
			if (!ok && sb == null) {
				sb = new StringBuilder(s.substring(0, i));
			}
			else if (ok && sb != null) {
				sb.append(c);
			}
		}
		return sb == null ? s : sb.toString();
	}
}
