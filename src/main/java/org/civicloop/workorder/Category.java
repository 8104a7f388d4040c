package org.civicloop.workorder;

import java.util.List;

/**
 * A kind of request (e.g. 燃气 gas leak, 路灯 street light). {@code attributes} are the extra
 * questions a requester answers (Open311 service attributes).
 */
public record Category(String code, String nameZh, String nameEn, String descriptionZh, String descriptionEn,
		String group, boolean active, List<Attribute> attributes) {

	public record Attribute(String code, String datatype, boolean required, String descriptionZh, String descriptionEn,
			int order, List<Value> values) {
	}

	public record Value(String key, String name) {
	}
}
