package org.civicloop.open311;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The JDK's DOM parser, with the few look-ups the contract tests need. */
final class Xml {

	private Xml() {
	}

	static Element parse(byte[] bytes) throws Exception {
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
		return d.getDocumentElement();
	}

	/** The child elements, in order. */
	static List<Element> children(Element e) {
		List<Element> list = new ArrayList<>();
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element c) {
				list.add(c);
			}
		}
		return list;
	}

	static List<String> childNames(Element e) {
		return children(e).stream().map(Element::getTagName).toList();
	}

	static Element child(Element e, String name) {
		return children(e).stream()
			.filter(c -> c.getTagName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no <" + name + "> in <" + e.getTagName() + ">"));
	}

	static String text(Element e, String name) {
		return child(e, name).getTextContent();
	}
}
