package org.civicloop.seal;

/**
 * PENDING while approvers decide; AUTHORISED once the sleeve was sent its one-time authorisation;
 * COMPLETED when every authorised impression was made; EXPIRED when the authorisation ran out
 * first (with what was used); REJECTED by an approver; CANCELLED by the applicant before a decision.
 */
public enum ApplicationStatus {
	PENDING, REJECTED, AUTHORISED, COMPLETED, EXPIRED, CANCELLED
}
