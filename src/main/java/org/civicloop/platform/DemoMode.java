package org.civicloop.platform;

/**
 * Whether demo data and demo accounts may be loaded. Demo data goes into the embedded database
 * by default and into an external one only when asked explicitly ({@code CIVICLOOP_DEMO=true}),
 * so that a production database never silently receives accounts with a published password.
 */
public record DemoMode(boolean enabled, boolean embeddedDatabase) {
}
