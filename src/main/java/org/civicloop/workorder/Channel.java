package org.civicloop.workorder;

/** How a request reached the platform. */
public enum Channel {
	RESIDENT_WEB, HOTLINE, VISIT, GRID_PATROL, PUBLIC_REPORT, ENTERPRISE, SUPERVISION, API, OPEN311
}
