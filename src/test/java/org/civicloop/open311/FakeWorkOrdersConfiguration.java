package org.civicloop.open311;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts {@link FakeWorkOrders} in front of whatever {@code WorkOrders} the application has. */
@TestConfiguration(proxyBeanMethods = false)
public class FakeWorkOrdersConfiguration {

	@Bean
	@Primary
	FakeWorkOrders fakeWorkOrders() {
		return new FakeWorkOrders();
	}
}
