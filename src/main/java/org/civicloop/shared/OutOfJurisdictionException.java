package org.civicloop.shared;

/** Thrown when a caller reaches for a record outside their jurisdiction; rendered as 403. */
public class OutOfJurisdictionException extends RuntimeException {

	public OutOfJurisdictionException(String what) {
		super("Outside your jurisdiction: " + what);
	}
}
