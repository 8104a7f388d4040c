package org.civicloop.territory.internal;

/** Lets tests in other packages run the importer's validation without applying anything. */
public final class TerritoryImporterAccess {

	private TerritoryImporterAccess() {
	}

	public static int validRows(TerritoryImporter importer, String csv) {
		return importer.validate(csv, null).size();
	}
}
