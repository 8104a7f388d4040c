package org.civicloop.workorder;

public enum Priority {
	URGENT, GENERAL
}
