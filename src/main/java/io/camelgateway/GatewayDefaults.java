package io.camelgateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The defaults of every {@code gateway.*} property, from {@code gateway-defaults.properties} in the jar. They are
 * Camel's initial properties, which any other source overrides, so an application that embeds the gateway needs
 * none of them in its own configuration.
 */
public final class GatewayDefaults {
    static final String RESOURCE = "gateway-defaults.properties";

    private GatewayDefaults() {
    }

    /** Adds, as initial properties, the defaults of the keys the context's properties do not set. */
    public static void addTo(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        load().forEach((key, value) -> {
            // Looked up rather than listed: a listing leaves out the initial properties an application set.
            if (properties.resolveProperty((String) key).isEmpty()) {
                properties.addInitialProperty((String) key, (String) value);
            }
        });
    }

    static Properties load() {
        try (InputStream in = GatewayDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Properties defaults = new Properties();
            defaults.load(in);
            return defaults;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
