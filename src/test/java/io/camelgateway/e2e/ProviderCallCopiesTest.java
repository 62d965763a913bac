package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.SafeCopyProperty;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.Json;
import io.camelgateway.security.CallerIdentity;

/**
 * Each copy of a request's exchange copies its headers and every property: Camel's error handler makes one before
 * each step it guards, to put the message back for a retry. The shipped routes make only the copies a retry or a
 * pool's failover needs (docs/resilience.md#retries).
 */
class ProviderCallCopiesTest extends GatewayTestSupport {

    /**
     * Counts the copies of the exchange it is on: Camel asks a safe-copy property for its own copy on each, and
     * again when a copy's results are copied back.
     */
    private record CopyCounter(AtomicInteger copies) implements SafeCopyProperty {
        @Override
        public SafeCopyProperty safeCopy() {
            copies.incrementAndGet();
            return this;
        }
    }

    private static int copiesToAnswer(String model) throws Exception {
        Exchange exchange = new DefaultExchange(gateway.context());
        exchange.getMessage().setBody(Json.read(Http.chat(model, "a question", false)
                .getBytes(StandardCharsets.UTF_8), ChatRequest.class));
        exchange.setProperty(GatewayConstants.ROUTED_MODEL, model); // as the ingress's chatRequestReader does
        exchange.setProperty(GatewayConstants.CALLER, new CallerIdentity("alice", "key", null, Set.of(), Map.of()));
        AtomicInteger copies = new AtomicInteger();
        exchange.getExchangeExtension().setSafeCopyProperty("copies", new CopyCounter(copies));
        gateway.context().createProducerTemplate().send("direct:chat", exchange);
        assertNull(exchange.getException());
        assertEquals(1, simulator.received().size(), "one provider call");
        return copies.get();
    }

    @Test
    void aModelsCallIsCopiedOnceForItsRetries() throws Exception {
        assertEquals(1, copiesToAnswer("openai/gpt-4o-mini"));
    }

    @Test
    void aPoolsMemberIsCopiedOnlyByThePool() throws Exception {
        assertEquals(2, copiesToAnswer("reliable"), "the pool's copy for its try of the first member, and back");
    }
}
