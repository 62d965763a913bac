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
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    private static final String ROUTE_FILES = "*.camel.yaml";

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        configure(main, routesDirectory(), new GatewayConfiguration());
        main.run(args);
    }

    static Path routesDirectory() {
        String dir = System.getenv("GATEWAY_ROUTES_DIR");
        return Path.of(dir != null && !dir.isBlank() ? dir : "routes").toAbsolutePath().normalize();
    }

    /** Points camel-main at the routes folder and the gateway's beans. */
    public static void configure(Main main, Path routes, GatewayConfiguration beans) {
        main.configure().addConfiguration(beans);
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
            main.addOverrideProperty("camel.main.routesIncludePattern", "classpath:routes/*.camel.yaml");
            LOG.info("No routes folder at {}: running the routes built into the jar", routes);
        }
    }
}
