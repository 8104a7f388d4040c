package org.civicloop.open311.web;

import java.util.Locale;

import org.springframework.http.MediaType;

/** The representation a client asked for with the resource's extension ({@code .json} or {@code .xml}). */
enum Format {

	JSON("application/json; charset=utf-8"), XML("text/xml; charset=utf-8");

	final MediaType mediaType;

	Format(String mediaType) {
		this.mediaType = MediaType.parseMediaType(mediaType);
	}

	/** The format named by an extension, or null when it is neither json nor xml. */
	static Format of(String extension) {
		if (extension == null) {
			return null;
		}
		return switch (extension.toLowerCase(Locale.ROOT)) {
			case "json" -> JSON;
			case "xml" -> XML;
			default -> null;
		};
	}

	/** The format of a request path: XML when it ends in {@code .xml}, JSON otherwise (errors need one). */
	static Format ofPath(String path) {
		return path != null && path.toLowerCase(Locale.ROOT).endsWith(".xml") ? XML : JSON;
	}
}
