/**
 * Drivers of the benchmarks under {@code bench/} that cross modules (present only under the
 * {@code bench} profile): they play a part, such as a device through the shipped simulator, and
 * time what the platform does through the modules' public facades, side by side with a bare
 * baseline. Nothing depends on this module, so it can reach what it measures without bending the
 * other modules' boundaries (the simulator stays device-side software).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmarks")
package org.civicloop.benchmarks;
