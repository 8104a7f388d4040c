package org.civicloop.open311.web;

import org.springframework.http.HttpStatus;

/** An answer in the Open311 error format with the given status. */
class Open311Exception extends RuntimeException {

	final HttpStatus status;

	Open311Exception(HttpStatus status, String description) {
		super(description);
		this.status = status;
	}

	static Open311Exception badRequest(String description) {
		return new Open311Exception(HttpStatus.BAD_REQUEST, description);
	}

	static Open311Exception notFound(String description) {
		return new Open311Exception(HttpStatus.NOT_FOUND, description);
	}
}
