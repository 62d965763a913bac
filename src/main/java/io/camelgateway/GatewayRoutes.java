package io.camelgateway;

import java.util.Collection;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The gateway's YAML routes as they ship in its jar (the HTTP API, the chat flows, pools and fan-outs), for an
 * application that adds them to its own context: {@code context.addRoutes(new GatewayRoutes())}, after
 * {@link GatewayConfiguration#configure} has bound the beans they call.
 */
public class GatewayRoutes implements RoutesBuilder {
    /** Where the routes are in the jar; camel-main's {@code camel.main.routes-include-pattern} takes it too. */
    public static final String BUILT_IN = "classpath:routes/*.camel.yaml";

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(files(context));
    }

    @Override
    public void addTemplatedRoutesToCamelContext(CamelContext context) {
        // The YAML files declare their templates and templated routes themselves.
    }

    @Override
    public Set<String> updateRoutesToCamelContext(CamelContext context) throws Exception {
        return PluginHelper.getRoutesLoader(context).updateRoutes(files(context));
    }

    private static Collection<Resource> files(CamelContext context) throws Exception {
        Collection<Resource> files = PluginHelper.getPackageScanResourceResolver(context).findResources(BUILT_IN);
        if (files.isEmpty()) {
            throw new IllegalStateException("No gateway routes at " + BUILT_IN + ": is the gateway's jar on the classpath?");
        }
        return files;
    }
}
