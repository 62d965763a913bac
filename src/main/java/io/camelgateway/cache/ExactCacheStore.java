package io.camelgateway.cache;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.Json;
import io.camelgateway.metering.RequestRecord;

/**
 * Route step {@code exactCacheStore}, in the chat flow after the provider call: keeps the answer under the key
 * {@link ExactCacheLookup} left, when it is whole: a plain answer at once (the provider call succeeded, and its
 * cost is known), as it is now, before later steps change it; a stream once it has ended without an error (through
 * the request record's end, which metering and the audit log hear of too), put back together as it passed
 * ({@link StreamTranscript}). Never an error, never a stream cut short or a caller who left, never an answer over
 * maxEntryBytes.
 */
public class ExactCacheStore implements Processor {
    private final ExactCache cache;

    public ExactCacheStore(ExactCache cache) {
        this.cache = cache;
    }

    @Override
    public void process(Exchange exchange) {
        ExactCacheLookup.Keep keep = exchange.getProperty(ExactCacheLookup.KEEP, ExactCacheLookup.Keep.class);
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (keep == null || record == null || exchange.getProperty(GatewayConstants.ANSWERED, false, Boolean.class)) {
            return;
        }
        exchange.removeProperty(ExactCacheLookup.KEEP);
        Object body = exchange.getMessage().getBody();
        ChatCompletion plain = ChatCompletion.of(body);
        if (plain != null) {
            // Whole and successful already, its calls' cost known: kept now, so that the very next ask hits.
            cache.keep(keep.key(), Json.write(plain), record.costUsd(), keep.ttl());
        } else if (body instanceof ChatStream stream) {
            StreamTranscript.keepWhenWhole(stream, record, cache.settings().maxEntryBytes(), cache.meters(),
                    (answer, costUsd) -> cache.keep(keep.key(), Json.write(answer), costUsd, keep.ttl()));
        }
    }
}
