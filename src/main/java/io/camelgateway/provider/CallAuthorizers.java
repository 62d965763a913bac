package io.camelgateway.provider;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;

import io.camelgateway.provider.bedrock.SigV4Authorizer;
import io.camelgateway.provider.vertex.VertexAccessTokens;

/**
 * The {@link CallAuthorizer} of each wire format, and the few threads that fetch credentials which only a blocking
 * call can get (OAuth tokens, AWS's credential chain), so that no event loop ever waits for one.
 */
final class CallAuthorizers implements AutoCloseable {
    /** Fetches are one at a time per credential; more than this many waiting means something is wrong upstream. */
    private static final int MAX_WAITING_FETCHES = 256;

    private final ThreadPoolExecutor fetchers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING_FETCHES), new DefaultThreadFactory("llm-credentials", true));
    private final SigV4Authorizer sigV4 = new SigV4Authorizer(fetchers, Clock.systemUTC());
    private final VertexAccessTokens vertexTokens = new VertexAccessTokens(fetchers, Clock.systemUTC());

    CallAuthorizers() {
        fetchers.allowCoreThreadTimeOut(true);
    }

    CallAuthorizer forFormat(String format, ProviderTranslator translator) {
        return switch (format) {
            case "bedrock" -> sigV4;
            case "vertex" -> vertexTokens;
            default -> CallAuthorizer.keyHeader(translator);
        };
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
    }
}
