package io.camelgateway.fanout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Usage;
import io.camelgateway.config.GatewayConfig;
import io.camelgateway.routing.ModelCatalog;

/**
 * One request's fan-out: what each member answered, in the order the answers came. Every member's copy of the
 * exchange points at the same FanOut, and its cancel signal stops the members still under way once the answer is
 * settled (the first success, for hedged requests; the combined answer, otherwise).
 */
public final class FanOut {
    /** How one member fared: an answer (a whole one, or a stream under way) or an error, and how long it took. */
    public record Answer(int index, String member, ChatCompletion completion, ChatStream stream,
                         GatewayException error, long millis) {
        public boolean ok() {
            return error == null;
        }

        public String text() {
            return completion == null || completion.choices.isEmpty() ? "" : completion.choices.get(0).message.text();
        }

        String outcome() {
            if (ok()) {
                return "ok " + millis + "ms";
            }
            return error.code() + " " + millis + "ms";
        }
    }

    private final ChatRequest request;
    private final boolean hedged;
    private final boolean callerStreams;
    private final long start = System.nanoTime();
    private final CompletableFuture<Void> cancel = new CompletableFuture<>();
    private final List<Answer> answers = new ArrayList<>();

    /**
     * @param request       the caller's request
     * @param hedged        whether the first success settles it (members then stream when the caller does)
     * @param callerStreams whether the caller asked for a stream
     */
    FanOut(ChatRequest request, boolean hedged, boolean callerStreams) {
        this.request = request;
        this.hedged = hedged;
        this.callerStreams = callerStreams;
    }

    ChatRequest request() {
        return request;
    }

    boolean hedged() {
        return hedged;
    }

    boolean callerStreams() {
        return callerStreams;
    }

    /** Completes once the answer is settled; the llm: producer cancels the calls still waiting on it. */
    public CompletableFuture<Void> cancelSignal() {
        return cancel;
    }

    void settle() {
        cancel.complete(null);
    }

    /** Records a member's outcome; false when a hedged fan-out already had its answer (the caller drops it). */
    synchronized boolean add(int index, String member, Object body, GatewayException error) {
        long millis = elapsed();
        boolean late = hedged && error == null && answers.stream().anyMatch(Answer::ok);
        answers.add(new Answer(index, member, body instanceof ChatCompletion c ? c : null,
                body instanceof ChatStream s ? s : null, error, millis));
        return !late;
    }

    synchronized void timedOut(int index) {
        answers.add(new Answer(index, "member " + (index + 1), null, null, new GatewayException(504, "server_error",
                "fan_out_timeout", "No answer within the fan-out's timeout."), elapsed()));
    }

    private long elapsed() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The members that answered, in the order they are listed (so a judge sees the same numbering each time). */
    synchronized List<Answer> answered() {
        return answers.stream().filter(Answer::ok).sorted(Comparator.comparingInt(Answer::index)).toList();
    }

    /** The first member that answered, or null. */
    synchronized Answer fastest() {
        return answers.stream().filter(Answer::ok).findFirst().orElse(null);
    }

    /** Every member's outcome in member order, for the x-gateway-members header. */
    synchronized String report() {
        StringBuilder sb = new StringBuilder();
        answers.stream().sorted(Comparator.comparingInt(Answer::index)).forEach(a -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(a.member()).append('=').append(a.outcome());
        });
        return sb.toString();
    }

    /** Token counts added up over every member that answered in full, plus any extra call (a judge, a fuser). */
    synchronized Usage usage(ChatCompletion extra) {
        Usage sum = new Usage();
        for (Answer a : billed(null, extra)) {
            Usage u = a.completion().usage;
            if (u != null) {
                sum.promptTokens += u.promptTokens;
                sum.completionTokens += u.completionTokens;
                sum.totalTokens += u.totalTokens;
            }
        }
        return sum;
    }

    /**
     * What the members that answered in full, and any extra call, cost in USD; empty when a price is missing.
     *
     * @param extraMember the judge or fuser ("provider/model"), or null
     */
    synchronized OptionalDouble cost(ModelCatalog catalog, String extraMember, ChatCompletion extra) {
        double sum = 0;
        for (Answer a : billed(extraMember, extra)) {
            Optional<GatewayConfig.Price> price = catalog.price(a.member());
            Usage u = a.completion().usage;
            if (price.isEmpty() || u == null) {
                return OptionalDouble.empty();
            }
            sum += price.get().cost(u.promptTokens, u.cachedTokens(), u.cacheCreationTokens(), u.completionTokens);
        }
        return OptionalDouble.of(sum);
    }

    /** The whole answers this request paid for: every member's, then the extra call's when there is one. */
    private List<Answer> billed(String extraMember, ChatCompletion extra) {
        List<Answer> billed = new ArrayList<>(answers.stream().filter(a -> a.completion() != null).toList());
        if (extra != null) {
            billed.add(new Answer(-1, extraMember, extra, null, null, 0));
        }
        return billed;
    }

    /** The failure a caller sees when no member answered. */
    synchronized GatewayException noAnswer() {
        boolean allTimedOut = !answers.isEmpty() && answers.stream().allMatch(a -> a.error().status() == 504);
        return new GatewayException(allTimedOut ? 504 : 502, "server_error", "fan_out_failed",
                "No member of the fan-out answered: " + report() + ".");
    }
}
