package org.safeguarding.gateway.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Assembles security, the gateway core and the adapters into one runnable service. Only this package is scanned:
 * each adapter on the classpath brings its own wiring as an auto-configuration, so the server names none of them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** {@code audit ...} runs the auditor's command line ({@link AuditCli}) instead of the gateway. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("audit")) {
            AuditCli.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.addListeners(new EmbeddedPostgresEarlyStart());
        application.run(args);
    }
}
