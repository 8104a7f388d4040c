package org.civicloop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CivicLoopApplication {

	public static void main(String[] args) {
		// the audit verifier and full check run without the application (and without Spring)
		if (org.civicloop.audit.AuditCommandLine.handles(args)) {
			System.exit(org.civicloop.audit.AuditCommandLine.run(args, System.out));
		}
		SpringApplication.run(CivicLoopApplication.class, args);
	}
}
