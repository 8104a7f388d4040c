package org.civicloop.seal;

import java.util.Optional;
import java.util.UUID;

/**
 * Seal-use applications for the caller in the security context: their jurisdiction decides what
 * they may file, see and decide ({@link org.civicloop.shared.OutOfJurisdictionException} otherwise).
 */
public interface SealApplications {

	SealApplicationView submit(NewSealApplication application);

	/** Attaches the document to be stamped (PDF or image); {@code pages} ≤ 0 means "count them". */
	SealApplicationView attachDocument(UUID applicationId, String filename, String contentType, byte[] bytes, int pages);

	/** Approves the current step; the last approval authorises the seal's sleeve. */
	SealApplicationView approve(UUID applicationId, String comment);

	SealApplicationView reject(UUID applicationId, String comment);

	/**
	 * Withdraws an application that is pending or authorised but not yet used up: by its applicant,
	 * the village clerk or secretary. An authorisation in force is cancelled and the sleeve told to drop it.
	 */
	SealApplicationView cancel(UUID applicationId, String reason);

	Optional<SealApplicationView> find(UUID applicationId);
}
