package io.camelgateway.security.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import io.camelgateway.Lazy;
import io.camelgateway.config.ConfigSection;

/**
 * The route plug-ins of gateway.yaml's {@code auth.routes}, each {@code {name, header, timeout}}. They share one
 * producer template whose pool is bounded: {@value #THREADS} threads and {@value #QUEUE} waiting requests; a request
 * beyond that gets a 503 at once rather than a wait, or a turn on the event loop.
 */
public final class RouteSchemes {
    static final int THREADS = 4;
    static final int QUEUE = 256;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private RouteSchemes() {
    }

    public static List<RouteScheme> from(ConfigSection auth, CamelContext context) {
        List<ConfigSection> routes = auth.sections("routes");
        if (routes.isEmpty()) {
            return List.of();
        }
        Lazy<ProducerTemplate> template = new Lazy<>(() -> template(context));
        List<RouteScheme> schemes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigSection route : routes) {
            String name = route.requiredText("name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                throw route.invalid("name", "'" + name + "' is not a route name: use letters, digits, - and _");
            }
            if (!names.add(name)) {
                throw route.invalid("name", "'" + name + "' is named twice");
            }
            Duration timeout = route.duration("timeout", DEFAULT_TIMEOUT);
            if (timeout.isZero() || timeout.isNegative()) {
                throw route.invalid("timeout", "must be more than 0");
            }
            schemes.add(new RouteScheme(name, route.requiredText("header"), timeout, context, template));
        }
        return schemes;
    }

    private static ProducerTemplate template(CamelContext context) {
        ThreadPoolProfile profile = new ThreadPoolProfile("gateway-auth-routes");
        profile.setPoolSize(THREADS);
        profile.setMaxPoolSize(THREADS);
        profile.setMaxQueueSize(QUEUE);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        ExecutorService pool = context.getExecutorServiceManager().newThreadPool(RouteSchemes.class,
                "gateway-auth-routes", profile);
        ProducerTemplate template = context.createProducerTemplate();
        template.setExecutorService(pool);
        try {
            context.addService(template); // stopped with the context
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the authentication routes' producer", e);
        }
        return template;
    }
}
