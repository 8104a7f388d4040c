/**
 * Shared kernel: the few value types every module speaks in — territory codes and their
 * hierarchy rule, the personas' roles, and the caller's jurisdiction — so that scoping a read or
 * a write to "what this person may see" is one mechanism and not a check repeated per module.
 * It depends on nothing else in CivicLoop.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.civicloop.shared;
