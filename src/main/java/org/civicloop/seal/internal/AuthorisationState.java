package org.civicloop.seal.internal;

/** SENT → ACKNOWLEDGED | REJECTED → IN_USE → COMPLETED | EXPIRED | CANCELLED. */
enum AuthorisationState {
	SENT, ACKNOWLEDGED, REJECTED, IN_USE, COMPLETED, EXPIRED, CANCELLED;

	boolean open() {
		return this == SENT || this == ACKNOWLEDGED || this == IN_USE;
	}
}
