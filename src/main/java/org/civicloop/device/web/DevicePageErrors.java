package org.civicloop.device.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Friendly error pages for the device pages (a malformed id is a 400, another territory a 403). */
@ControllerAdvice(assignableTypes = DevicePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DevicePageErrors extends FriendlyPageErrors {
}
