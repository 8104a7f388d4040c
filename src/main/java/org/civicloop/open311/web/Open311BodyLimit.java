package org.civicloop.open311.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The platform's body limit also guards {@code /open311/}, but answers with a problem document;
 * this filter, just ahead of it, refuses an announced oversized body with the same 413 in the
 * Open311 error format. Chunked bodies are left to the platform filter and the container's form
 * size limit.
 */
@Configuration(proxyBeanMethods = false)
class Open311BodyLimit {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> open311BodyLimitFilter(
			@Value("${civicloop.security.max-json-body:1MB}") DataSize max) {
		long limit = max.toBytes();
		OncePerRequestFilter filter = new OncePerRequestFilter() {

			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return !request.getRequestURI().substring(request.getContextPath().length()).startsWith("/open311/");
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (request.getContentLengthLong() > limit) {
					Open311Errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
							"The request body is larger than " + limit + " bytes");
					return;
				}
				chain.doFilter(request, response);
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		// the platform's limit filter runs at -200
		registration.setOrder(-210);
		registration.setName("open311BodyLimitFilter");
		registration.addUrlPatterns("/open311/*");
		return registration;
	}
}
