package io.camelgateway.security.introspection;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.credentials.CredentialStore;
import io.camelgateway.security.BoundedBody;
import io.camelgateway.security.AuthScheme;
import io.camelgateway.security.AuthSchemes;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.security.OutageLog;
import io.camelgateway.security.RequestHead;
import io.camelgateway.security.StaticKeys;
import io.camelgateway.security.Verdict;

/**
 * OAuth2 opaque bearer tokens, checked with the authorization server's RFC 7662 introspection endpoint. It takes
 * every bearer token the schemes before it did not recognise. Answers are kept by the token's SHA-256 digest (never
 * the token): an active one no longer than the token's exp nor cacheMax, an inactive one for cacheInactive, so a
 * flood of one bad token asks once; requests with the same token while a call is under way share it. A token whose
 * answer is kept is decided at once, on the request head. An endpoint that is down, slow or answers nonsense gets
 * the caller a 503, never a pass.
 */
public final class TokenIntrospection implements AuthScheme {
    public static final String NAME = "introspection";
    private static final Logger LOG = LoggerFactory.getLogger(TokenIntrospection.class);
    private static final String REFUSED = "The bearer token is not active: it is expired, revoked or unknown.";

    private final IntrospectionSettings settings;
    private final IntrospectionClient client;
    private final AsyncCache<ByteBuffer, Answer> answers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final OutageLog outages = new OutageLog(LOG);

    public TokenIntrospection(IntrospectionSettings settings, CredentialStore credentials) {
        this.settings = settings;
        this.client = new IntrospectionClient(settings, credentials);
        this.answers = Caffeine.newBuilder().maximumSize(settings.cacheSize()).expireAfter(new AnswerLifetime())
                .buildAsync();
        if ("http".equalsIgnoreCase(settings.endpoint().getScheme()) && !loopback(settings.endpoint().getHost())) {
            LOG.warn("auth.introspection.endpoint is plain http: tokens and the client secret cross the network "
                    + "unencrypted. Use https.");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Verdict> authenticate(RequestHead request) {
        String token = request.bearerToken();
        if (token == null) {
            return AuthSchemes.NOT_MINE;
        }
        CompletableFuture<Answer> answer = answers.get(StaticKeys.digest(token), (digest, executor) -> ask(token));
        return answer.isDone() ? answer.join().verdict() : answer.thenCompose(Answer::verdict);
    }

    /** The endpoint's answer; a failure is an answer too, kept for no time, so that waiting requests share it. */
    private CompletableFuture<Answer> ask(String token) {
        if (inFlight.incrementAndGet() > settings.maxInFlight()) {
            inFlight.decrementAndGet();
            return CompletableFuture.completedFuture(unavailable(new IntrospectionFailure("too_many_calls",
                    settings.maxInFlight() + " calls are already under way (auth.introspection.maxInFlight)")));
        }
        CompletableFuture<JsonNode> call;
        try {
            call = client.introspect(token);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e); // still counted out below, or the calls under way would leak
        }
        return call.handle((json, failure) -> {
            inFlight.decrementAndGet();
            try {
                return failure == null ? answer(json) : unavailable(failure);
            } catch (IntrospectionFailure badAnswer) {
                return unavailable(badAnswer);
            }
        });
    }

    /** What an answer means for the caller, and how long it may be kept. */
    private Answer answer(JsonNode json) {
        long now = System.currentTimeMillis();
        long inactiveFor = Math.min(settings.cacheInactive().toNanos(), settings.cacheMax().toNanos());
        if (!json.get("active").booleanValue()) {
            return Answer.refused(NAME + ":inactive", inactiveFor);
        }
        Long exp = epochSeconds(json, "exp");
        Long nbf = epochSeconds(json, "nbf");
        if (exp != null && exp * 1000 <= now) {
            return Answer.refused(NAME + ":expired", inactiveFor);
        }
        if (nbf != null && nbf * 1000 > now) {
            return Answer.refused(NAME + ":not_yet_valid", Math.min(inactiveFor,
                    TimeUnit.MILLISECONDS.toNanos(nbf * 1000 - now)));
        }
        CallerIdentity caller = settings.claims().caller(json, NAME);
        if (caller == null) {
            return Answer.refused(NAME + ":no_subject", inactiveFor);
        }
        long lifetime = settings.cacheMax().toNanos();
        if (exp != null) {
            lifetime = Math.min(lifetime, TimeUnit.MILLISECONDS.toNanos(exp * 1000 - now));
        }
        return new Answer(CompletableFuture.completedFuture(Verdict.accepted(caller)), lifetime);
    }

    private static Long epochSeconds(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong()) {
            throw new IntrospectionFailure("bad_answer", "'" + field + "' is not a number of seconds");
        }
        return value.longValue();
    }

    private Answer unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        IntrospectionFailure known = cause instanceof IntrospectionFailure f ? f
                : cause instanceof BoundedBody.TooLarge tooLarge
                        ? new IntrospectionFailure("answer_too_large", tooLarge.getMessage())
                        : new IntrospectionFailure("failed", cause.getClass().getSimpleName());
        outages.warn("Token introspection at {}://{}{} failed ({}): {}. Callers with tokens get 503 until it answers.",
                settings.endpoint().getScheme(), settings.endpoint().getAuthority(), settings.endpoint().getPath(),
                known.category(), known.getMessage());
        return new Answer(CompletableFuture.completedFuture(Verdict.refused(NAME + ":unavailable:"
                + known.category(), AuthSchemes.unavailable())), 0);
    }

    private static boolean loopback(String host) {
        return host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /** A verdict, completed once so that a kept answer costs no allocation, and how long it may be kept. */
    private record Answer(CompletableFuture<Verdict> verdict, long lifetimeNanos) {
        static Answer refused(String reason, long lifetimeNanos) {
            return new Answer(CompletableFuture.completedFuture(Verdict.refused(reason, REFUSED)), lifetimeNanos);
        }
    }

    private static final class AnswerLifetime implements Expiry<ByteBuffer, Answer> {
        @Override
        public long expireAfterCreate(ByteBuffer digest, Answer answer, long currentTime) {
            return Math.max(0, answer.lifetimeNanos());
        }

        @Override
        public long expireAfterUpdate(ByteBuffer digest, Answer answer, long currentTime, long currentDuration) {
            return Math.max(0, answer.lifetimeNanos());
        }

        @Override
        public long expireAfterRead(ByteBuffer digest, Answer answer, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
