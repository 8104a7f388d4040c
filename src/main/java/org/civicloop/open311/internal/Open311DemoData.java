package org.civicloop.open311.internal;

import org.civicloop.platform.DemoMode;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The published demo key {@value ApiKeys#DEMO_KEY} (README), only in demo mode. */
@Component
@Order(40)
class Open311DemoData implements ApplicationRunner {

	private final DemoMode demo;
	private final ApiKeys keys;

	Open311DemoData(DemoMode demo, ApiKeys keys) {
		this.demo = demo;
		this.keys = keys;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (demo.enabled()) {
			keys.ensure(ApiKeys.DEMO_KEY, "Demo client (README)", "system", true);
		}
	}
}
