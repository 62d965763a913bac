package io.camelgateway.cache;

import java.util.function.BiConsumer;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.CompletionReplay;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.metering.UsageHeaders;
import io.camelgateway.metrics.GatewayMetrics;

/**
 * What the exact and the semantic cache do alike with a request's answer: {@link #hit} answers the request from the
 * cache, {@link #status} says what the cache did, and {@link #keepWhenWhole} hands the provider's answer to the cache
 * once it is whole.
 */
public final class CacheReply {
    private CacheReply() {
    }

    /**
     * Answers the request with a kept answer: replayed as a stream when the request streams, costing 0, marked
     * answered (so the flow calls no provider, and the exact cache's store keeps nothing), the status said, and a hit
     * counted for the caller's team with what the answer cost when it was made.
     */
    public static void hit(Exchange exchange, ChatCompletion answer, String status, double savedUsd,
                           CacheMeters meters) {
        Message message = exchange.getMessage();
        ChatRequest request = message.getBody(ChatRequest.class);
        message.setBody(request.streaming() ? CompletionReplay.of(answer, request.wantsUsageInStream()) : answer);
        message.setHeader(GatewayConstants.HEADER_COST, UsageHeaders.usd(0));
        exchange.setProperty(GatewayConstants.ANSWERED, true);
        status(exchange, status, savedUsd);
        meters.hit(GatewayMetrics.team(exchange), savedUsd);
    }

    /** What the cache did (hit, semantic, miss, bypass) in x-gateway-cache, and in the request's record. */
    public static void status(Exchange exchange, String status, double savedUsd) {
        exchange.getMessage().setHeader(GatewayConstants.HEADER_CACHE, status);
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record != null) {
            record.cache(status, savedUsd);
        }
    }

    /**
     * Hands the provider's answer and what the request cost to {@code keep}: a plain answer at once (whole and
     * successful already, its calls' cost known: the very next ask hits), a stream once the request has ended whole
     * ({@link StreamTranscript#keepWhenWhole}), which needs the request's record.
     */
    public static void keepWhenWhole(Exchange exchange, RequestRecord record, long maxChars, CacheMeters meters,
                                     BiConsumer<ChatCompletion, Double> keep) {
        Object body = exchange.getMessage().getBody();
        ChatCompletion answer = ChatCompletion.of(body);
        if (answer != null) {
            // Whole and successful already, its calls' cost known: kept now, so that the very next ask hits.
            keep.accept(answer, record == null ? 0 : record.costUsd());
        } else if (body instanceof ChatStream stream && record != null) {
            StreamTranscript.keepWhenWhole(stream, record, maxChars, meters, keep);
        }
    }
}
