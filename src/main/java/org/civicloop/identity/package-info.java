/**
 * Who people are and where they may act: user accounts with the personas' roles, bindings to
 * territory nodes (a user's jurisdiction is the union of those subtrees), sign-in by form, bearer
 * token or an optional provincial OIDC single sign-on, throttling of repeated failures, and a
 * record of every attempt. It fills {@link org.civicloop.shared.JurisdictionScope} for all
 * other modules.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity 身份与权限")
package org.civicloop.identity;
