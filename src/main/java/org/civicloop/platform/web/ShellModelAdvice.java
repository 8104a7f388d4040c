package org.civicloop.platform.web;

import org.civicloop.platform.CivicLoopProperties;
import org.civicloop.platform.DemoMode;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Values every page's layout needs. */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class ShellModelAdvice {

	private final CivicLoopProperties props;
	private final DemoMode demo;

	ShellModelAdvice(CivicLoopProperties props, DemoMode demo) {
		this.props = props;
		this.demo = demo;
	}

	@ModelAttribute("mapTiles")
	CivicLoopProperties.MapTiles mapTiles() {
		return props.map();
	}

	@ModelAttribute("demoMode")
	boolean demoMode() {
		return demo.enabled();
	}
}
