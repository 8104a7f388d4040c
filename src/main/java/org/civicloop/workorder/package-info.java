/**
 * Closed-loop requests (诉求闭环): a need raised through any channel — resident pages, hotline and
 * visits entered by staff, grid patrols, public reports, enterprise demands, supervision items,
 * the REST API and Open311 — becomes one work order that is routed to a responsible unit, accepted
 * and answered within working-time limits, visible to the requester on a timeline, rated, and
 * reopened when the answer did not solve it. Nothing is dropped: every transition is recorded in
 * the audit log and overdue orders escalate.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Work orders 诉求闭环")
package org.civicloop.workorder;
