/**
 * Open311 GeoReport v2 (with mySociety's {@code servicerequestupdates} and extended statuses): an
 * adapter that lets any Open311 client — a city app, FixMyStreet, a civic-tech tool — discover our
 * request categories, file requests with an administrator-issued API key and follow them, in JSON
 * or XML, at {@code /open311/v2/} (discovery at {@code /open311/discovery.{json,xml}}). It only talks
 * to the work-order module through its facade {@link org.civicloop.workorder.WorkOrders}, shows
 * public fields only (never the requester's personal data or internal notes) and keeps nothing of
 * its own but the hashed API keys. Nothing depends on it.
 * <p>
 * How our work-order states appear ({@code status} is the GeoReport v2 value; the extended status is
 * mySociety's, in {@code extended_attributes.status} of a request and {@code status} of an update):
 * <table>
 * <caption>Work-order state → Open311 status</caption>
 * <tr><th>WorkOrderState</th><th>status</th><th>extended status</th></tr>
 * <tr><td>SUBMITTED</td><td>open</td><td>OPEN</td></tr>
 * <tr><td>ACCEPTED</td><td>open</td><td>ACTION_SCHEDULED</td></tr>
 * <tr><td>IN_PROGRESS</td><td>open</td><td>IN_PROGRESS</td></tr>
 * <tr><td>RETURNED</td><td>open</td><td>INVESTIGATING</td></tr>
 * <tr><td>REPLIED, RATED, CLOSED</td><td>closed</td><td>FIXED</td></tr>
 * <tr><td>REJECTED</td><td>closed</td><td>NOT_COUNCILS_RESPONSIBILITY</td></tr>
 * <tr><td>MERGED</td><td>closed</td><td>DUPLICATE</td></tr>
 * </table>
 * See {@code docs/open311.md} for the endpoints, parameters and choices.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Open311 GeoReport v2")
package org.civicloop.open311;
