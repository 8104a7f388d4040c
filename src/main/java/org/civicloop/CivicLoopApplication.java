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
		// so is the seal sleeve simulator: it is device software, it only needs a broker
		if (org.civicloop.simulator.SimulatorCommandLine.handles(args)) {
			System.setProperty("java.awt.headless", "true");
			System.exit(org.civicloop.simulator.SimulatorCommandLine.run(args, System.in, System.out));
		}
		SpringApplication.run(CivicLoopApplication.class, args);
	}
}
