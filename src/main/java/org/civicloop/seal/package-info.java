/**
 * Smart seal 智慧印章 (余杭区百丈镇): a village's seals are registered with their custodian and the
 * device sleeve they sit in; a villager (or the clerk for them) applies to use a seal for an item of
 * the village power list (村级小微权力清单); the village party secretary and any further approvers of
 * that item decide; the final approval sends the sleeve a one-time authorisation (this seal, this
 * many impressions, this time window). The module reads the sleeves' verified events from the
 * device feed, reconciles impressions and photos against the authorisation, closes the use, and
 * raises anomalies to the custodian and the township discipline inspector, who can trace every use
 * from the application to the photos and open a supervision work order.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Smart seal 智慧印章")
package org.civicloop.seal;
