package org.civicloop.seal;

import java.util.UUID;

/**
 * A seal-use application as filed. {@code applicantName} is needed only when a clerk files for a
 * villager (the applicant is otherwise the caller).
 */
public record NewSealApplication(String itemCode, UUID sealId, String purpose, int impressions, String applicantName) {
}
