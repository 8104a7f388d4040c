/**
 * The territory tree — city, district/county, street/town, community/village, grid, micro-grid,
 * with residential compounds and commercial buildings under communities — and the people
 * responsible at each node. Every other module places its records on a node of this tree and
 * asks this module for names, ancestors and children through {@link org.civicloop.territory.Territories}.
 * Bulk changes arrive as CSV imports that are all-or-nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Territory 区划与网格")
package org.civicloop.territory;
