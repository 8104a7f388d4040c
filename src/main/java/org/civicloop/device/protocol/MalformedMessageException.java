package org.civicloop.device.protocol;

/** A message that cannot be read as the protocol says; the text says why, without payload bytes. */
public class MalformedMessageException extends IllegalArgumentException {

	public MalformedMessageException(String message) {
		super(message);
	}
}
