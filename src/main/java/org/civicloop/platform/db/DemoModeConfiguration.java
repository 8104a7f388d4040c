package org.civicloop.platform.db;

import org.civicloop.platform.CivicLoopProperties;
import org.civicloop.platform.DemoMode;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class DemoModeConfiguration {

	@Bean
	DemoMode demoMode(CivicLoopProperties props, Environment env) {
		boolean embedded = !StringUtils.hasText(env.getProperty("spring.datasource.url"));
		boolean enabled = props.demo() != null ? props.demo() : embedded;
		if (enabled && !embedded) {
			LoggerFactory.getLogger(DemoMode.class).warn("Loading demo data into an external database (CIVICLOOP_DEMO=true)");
		}
		return new DemoMode(enabled, embedded);
	}
}
