package org.civicloop.shared;

/** A requested record does not exist; rendered as 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String what) {
		super(what);
	}
}
