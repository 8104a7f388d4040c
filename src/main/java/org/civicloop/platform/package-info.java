/**
 * Platform infrastructure with no domain of its own: where data lives (the data folder, the
 * embedded PostgreSQL used when no external database is configured, whether demo data may be
 * loaded), and the web shell every page sits in — layout, language switching, error pages and
 * RFC 9457 problem details for the API.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.civicloop.platform;
