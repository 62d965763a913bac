package io.camelgateway;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.reload.RouteFileReloader;
import io.camelgateway.reload.RouteFileStatus;

/**
 * Starts the gateway: camel-main with the routes in routes/ (or GATEWAY_ROUTES_DIR), reloaded when a file there
 * changes. Without such a folder it runs the routes built into the jar, which do not reload.
 */
public final class GatewayMain {
    static {
        // The runnable jar's logging, named so that it never replaces the configuration of an application that
        // embeds the gateway. It must be chosen before the first logger exists.
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getenv("LOG4J_CONFIGURATION_FILE") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:gateway-log4j2.properties");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    private static final String ROUTE_FILES = "*.camel.yaml";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configure(main, routesDirectory(), new GatewayConfiguration());
        try {
            main.run(args);
        } catch (Exception e) {
            // Marked completed, Camel's shutdown hook does not report the exit that follows as a SIGTERM.
            main.completed();
            LOG.error("The gateway did not start: {}", reasons(e));
            LOG.debug("Start-up failure", e);
            System.exit(1);
        }
    }

    /** The messages along a failure's causes, each once: a wrapper's message often repeats its cause's. */
    static String reasons(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.isEmpty() ? failure.toString() : text.toString();
    }

    static Path routesDirectory() {
        String dir = System.getenv("GATEWAY_ROUTES_DIR");
        return Path.of(dir != null && !dir.isBlank() ? dir : "routes").toAbsolutePath().normalize();
    }

    /** Points camel-main at the routes folder and the gateway's beans. */
    public static void configure(Main main, Path routes, GatewayConfiguration beans) {
        main.configure().withName("camel-llm-gateway").addConfiguration(beans);
        if (Files.isDirectory(routes)) {
            main.addOverrideProperty("camel.main.routesIncludePattern", "file:" + routes + "/*.camel.yaml");
            // Not camel.main.routes-reload-*: Camel's strategy stops a file's routes before it has built their
            // replacement, so one bad edit took them down. RouteFileReloader builds first.
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport started) {
                    CamelContext context = started.getCamelContext();
                    try {
                        context.addService(new RouteFileReloader(routes, ROUTE_FILES, context.getRegistry()
                                .lookupByNameAndType(GatewayConfiguration.ROUTE_FILE_STATUS, RouteFileStatus.class)));
                    } catch (Exception e) {
                        throw new IllegalStateException("Cannot watch " + routes + " for edits", e);
                    }
                }
            });
            LOG.info("Routes from {} (edits reload without a restart)", routes);
        } else {
            main.addOverrideProperty("camel.main.routesIncludePattern", GatewayRoutes.BUILT_IN);
            LOG.info("No routes folder at {}: running the routes built into the jar", routes);
        }
    }
}
