package org.civicloop.identity.internal;

/** The form was made from an older version of the account than the one stored now. */
public class StaleFormException extends IllegalStateException {

	public StaleFormException(String username) {
		super("The account " + username + " was changed by someone else meanwhile; reload and retry");
	}
}
