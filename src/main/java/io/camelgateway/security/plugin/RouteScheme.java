package io.camelgateway.security.plugin;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.Lazy;
import io.camelgateway.api.GatewayException;
import io.camelgateway.security.AuthScheme;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.OutageLog;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.Verdict;

/**
 * A scheme written as a route: a request that carries the scheme's header is handed, headers only
 * ({@link RouteRequest}), to the user's route {@code direct:auth-<name>}, which names the caller
 * ({@link AuthRouteHeaders}) or refuses by naming nobody or throwing. The route runs on a small pool of its own,
 * never on the event loop, and is waited for no longer than the timeout; a route that is missing, too slow or whose
 * pool is full gets the caller a 503, never a pass.
 */
public final class RouteScheme implements AuthScheme {
    private static final Logger LOG = LoggerFactory.getLogger(RouteScheme.class);

    private final String name;
    private final String header;
    private final Duration timeout;
    private final String uri;
    private final Supplier<ProducerTemplate> template;
    private final Lazy<Endpoint> endpoint;
    private final OutageLog outages = new OutageLog(LOG);
    /** The calls under way, by their question's digest; each leaves when it is answered. */
    private final Map<ByteBuffer, CompletableFuture<Verdict>> underWay = new ConcurrentHashMap<>();

    /** @param template sends on a bounded pool of its own (see {@link RouteSchemes}) */
    public RouteScheme(String name, String header, Duration timeout, CamelContext context,
                       Supplier<ProducerTemplate> template) {
        this.name = name;
        this.header = header;
        this.timeout = timeout;
        this.uri = "direct:auth-" + name;
        this.template = template;
        // Without block=false a missing route would hold the sending thread for direct's 30 s wait for a consumer.
        this.endpoint = new Lazy<>(() -> context.getEndpoint(uri + "?block=false"));
    }

    @Override
    public String name() {
        return name;
    }

    /** The route this scheme asks. */
    public String uri() {
        return uri;
    }

    /**
     * The route's verdict. The request's head and then its completed message ask with the same question, as may
     * identical requests at the same moment: they share one call of the route.
     */
    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        if (request.header(header) == null) {
            return AuthSchemes.NOT_MINE;
        }
        RouteRequest question = new RouteRequest(request);
        ByteBuffer key = question.digest();
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        CompletableFuture<Verdict> shared = underWay.putIfAbsent(key, mine);
        if (shared != null) {
            return shared;
        }
        CompletableFuture<Verdict> asked;
        try {
            asked = ask(question);
        } catch (RuntimeException e) {
            asked = CompletableFuture.completedFuture(unavailable("failed", e.getClass().getSimpleName()));
        }
        asked.whenComplete((verdict, failure) -> {
            underWay.remove(key, mine);
            mine.complete(failure == null ? verdict : unavailable("failed", failure.getClass().getSimpleName()));
        });
        return mine;
    }

    private CompletableFuture<Verdict> ask(RouteRequest question) {
        Exchange exchange = endpoint.get().createExchange(ExchangePattern.InOut);
        question.copyTo(exchange.getMessage());
        CompletableFuture<Exchange> done;
        try {
            done = template.get().asyncSend(endpoint.get(), exchange);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(unavailable("busy", "all its threads are busy"));
        }
        return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((answered, failure) -> {
            if (failure != null) {
                return failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                        ? unavailable("timeout", "it did not answer within " + timeout.toMillis() + " ms")
                        : unavailable("failed", failure.getClass().getSimpleName());
            }
            return verdict(answered);
        });
    }

    private Verdict verdict(Exchange answered) {
        Exception thrown = answered.getException();
        if (thrown instanceof DirectConsumerNotAvailableException) {
            return unavailable("missing", "no route starts from " + uri + ": add one to routes/, or remove '"
                    + name + "' from auth.routes");
        }
        if (thrown instanceof GatewayException refusal) {
            return Verdict.refused(name + ":refused", refusal);
        }
        if (thrown != null) {
            return Verdict.refused(name + ":refused:" + thrown.getClass().getSimpleName(), refusal());
        }
        Message message = answered.getMessage();
        String caller = message.getHeader(AuthRouteHeaders.CALLER_NAME, String.class);
        if (caller == null || caller.isBlank()) {
            return Verdict.refused(name + ":no_caller", refusal());
        }
        return Verdict.accepted(new CallerIdentity(caller.trim(), name,
                message.getHeader(AuthRouteHeaders.CALLER_TEAM, String.class),
                roles(message.getHeader(AuthRouteHeaders.CALLER_ROLES)), Map.of()));
    }

    private String refusal() {
        return "The credential in the " + header + " header was not accepted.";
    }

    private static Set<String> roles(Object value) {
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role).trim()));
        } else if (value != null) {
            for (String role : value.toString().split("[,\\s]+")) {
                roles.add(role);
            }
        }
        roles.remove("");
        return roles;
    }

    private Verdict unavailable(String category, String detail) {
        outages.warn("Authentication route {} cannot decide ({}): {}. Requests with a {} header get 503.", uri,
                category, detail, header);
        return Verdict.refused(name + ":unavailable:" + category, AuthSchemes.unavailable());
    }
}
