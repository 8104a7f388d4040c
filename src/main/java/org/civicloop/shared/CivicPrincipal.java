package org.civicloop.shared;

/** Implemented by whatever principal the identity module puts into the security context. */
public interface CivicPrincipal {

	Jurisdiction jurisdiction();
}
