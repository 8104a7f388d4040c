package org.civicloop.platform.web;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

	/**
	 * Ahead of Spring Security (order -100) so that oversized bodies are refused before any
	 * authentication work, and behind the character-encoding filter.
	 */
	static final int ORDER = -200;

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
			@Value("${civicloop.security.max-json-body:1MB}") DataSize maxJsonBody,
			@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxMultipart) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(List.of("/api/", "/open311/"), maxJsonBody, maxMultipart));
		registration.setOrder(ORDER);
		registration.setName("requestBodyLimitFilter");
		return registration;
	}
}
