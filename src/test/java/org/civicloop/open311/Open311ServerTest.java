package org.civicloop.open311;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.civicloop.support.CivicLoopServerTest;
import org.springframework.context.annotation.Import;

/** {@link CivicLoopServerTest} (a real port) with the work-order facade replaced by {@link FakeWorkOrders}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CivicLoopServerTest
@Import(FakeWorkOrdersConfiguration.class)
public @interface Open311ServerTest {
}
