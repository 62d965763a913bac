package io.camelgateway.fanout;

import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.CompletionReplay;
import io.camelgateway.api.GatewayException;
import io.camelgateway.routing.ModelCatalog;

/**
 * The route steps around a fan-out's recipient list: {@code start} before it, then one way to combine the answers:
 * {@code first} (hedged: the fastest success), {@code vote} (the majority), {@code judgePrompt}/{@code judged} (a
 * judge model picks) or {@code fusePrompt}/{@code fused} (a fuser model writes one answer from all). Members that
 * failed or timed out are left out; the answer says which members answered and adds up their usage.
 */
public class Consensus {
    private static final List<String> STRATEGIES = List.of("first", "vote", "judge", "fuse");

    private final ModelCatalog catalog;

    /** @param catalog where the members' prices come from, for the cost header */
    public Consensus(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Before the recipient list: {@code method: "start(*, 'vote')"}. Only a hedged fan-out ({@code first}) streams
     * from its members; the others ask for whole answers, and a caller who wanted a stream gets the combined answer
     * as one.
     */
    public void start(Exchange exchange, String strategy) {
        if (!(exchange.getMessage().getBody() instanceof ChatRequest request)) {
            throw GatewayException.invalidRequest("model", "A fan-out answers chat completions only.");
        }
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("A fan-out's strategy is one of " + STRATEGIES + ", not '" + strategy
                    + "'");
        }
        boolean hedged = "first".equals(strategy);
        FanOut fanOut = new FanOut(request, hedged, request.streaming());
        if (!hedged && request.streaming()) {
            ChatRequest whole = request.copy();
            whole.stream = false;
            whole.streamOptions = null;
            exchange.getMessage().setBody(whole);
        }
        exchange.setProperty(GatewayConstants.FAN_OUT, fanOut);
        exchange.setProperty(GatewayConstants.CANCEL, fanOut.cancelSignal());
        exchange.setProperty(GatewayConstants.FAN_OUT_STRATEGY, strategy);
        exchange.removeProperty(GatewayConstants.ANSWER_AS_SENT); // the members' answers are read and compared
    }

    /** judge or fuse, as {@code start} was told: the combiner's request ({@link #judgePrompt}, {@link #fusePrompt}). */
    public void combinerPrompt(Exchange exchange) {
        if ("judge".equals(combiner(exchange))) {
            judgePrompt(exchange);
        } else {
            fusePrompt(exchange);
        }
    }

    /** judge or fuse, as {@code start} was told: the answer from the combiner's ({@link #judged}, {@link #fused}). */
    public void combined(Exchange exchange) {
        if ("judge".equals(combiner(exchange))) {
            judged(exchange);
        } else {
            fused(exchange);
        }
    }

    private static String combiner(Exchange exchange) {
        String strategy = exchange.getProperty(GatewayConstants.FAN_OUT_STRATEGY, String.class);
        if (!"judge".equals(strategy) && !"fuse".equals(strategy)) {
            throw new IllegalArgumentException("A combining fan-out's strategy is judge or fuse, not '" + strategy
                    + "'");
        }
        return strategy;
    }

    /** Hedged requests: the first member to answer (or, streamed, to start answering) wins. */
    public void first(Exchange exchange) {
        FanOut fanOut = fanOut(exchange);
        answered(fanOut);
        respond(exchange, fanOut, fanOut.fastest(), "first", null);
    }

    /** The answer most members agree on, compared after normalising; ties go to the member listed first. */
    public void vote(Exchange exchange) {
        vote(exchange, "");
    }

    /** Replaces the body with the judge's request; the route then sends it to the judge model. */
    public void judgePrompt(Exchange exchange) {
        FanOut fanOut = fanOut(exchange);
        exchange.getMessage().setBody(ConsensusPrompts.judge(fanOut.request(), answered(fanOut)));
    }

    /** The body is the judge's answer: the candidate it named wins, or the vote when it named none. */
    public void judged(Exchange exchange) {
        FanOut fanOut = fanOut(exchange);
        List<FanOut.Answer> answers = answered(fanOut);
        ChatCompletion verdict = exchange.getMessage().getBody(ChatCompletion.class);
        int pick = ConsensusPrompts.verdict(verdict.choices.get(0).message.text(), answers.size());
        if (pick < 0) {
            vote(exchange, "judge named no candidate; ");
            return;
        }
        respond(exchange, fanOut, answers.get(pick), "judge " + (pick + 1) + "/" + answers.size(), verdict);
    }

    /** Replaces the body with the fuser's request; the route then sends it to the fuser model. */
    public void fusePrompt(Exchange exchange) {
        FanOut fanOut = fanOut(exchange);
        exchange.getMessage().setBody(ConsensusPrompts.fuse(fanOut.request(), answered(fanOut)));
    }

    /** The body is the fuser's answer, which is the answer; usage covers the members and the fuser. */
    public void fused(Exchange exchange) {
        FanOut fanOut = fanOut(exchange);
        ChatCompletion fused = exchange.getMessage().getBody(ChatCompletion.class);
        String fuser = answeringModel(exchange);
        exchange.getMessage().setHeader(GatewayConstants.HEADER_CONSENSUS, "fuse " + answered(fanOut).size());
        finish(exchange, fanOut, fused, fuser, fused);
    }

    /** The judge or fuser failed (a doCatch step): the vote decides instead, and the header says why. */
    public void combinerFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e instanceof GatewayException g ? g.code() : e == null ? "unknown" : e.getClass().getSimpleName();
        vote(exchange, "combiner failed (" + why + "); ");
    }

    private void vote(Exchange exchange, String note) {
        FanOut fanOut = fanOut(exchange);
        List<FanOut.Answer> answers = answered(fanOut);
        MajorityVote.Result result = MajorityVote.of(answers.stream().map(FanOut.Answer::text).toList());
        respond(exchange, fanOut, answers.get(result.winner()),
                note + "vote " + result.votes() + "/" + answers.size(), null);
    }

    private void respond(Exchange exchange, FanOut fanOut, FanOut.Answer chosen, String how, ChatCompletion extra) {
        Message message = exchange.getMessage();
        String extraMember = extra == null ? null : answeringModel(exchange); // the judge, before the headers change
        int slash = chosen.member().indexOf('/');
        message.setHeader(GatewayConstants.HEADER_PROVIDER, slash < 0 ? chosen.member()
                : chosen.member().substring(0, slash));
        message.setHeader(GatewayConstants.HEADER_MODEL, chosen.member().substring(slash + 1));
        message.setHeader(GatewayConstants.HEADER_CONSENSUS, how);
        if (chosen.stream() != null) { // hedged and streamed: the winner's stream goes on as it is
            fanOut.settle();
            message.setHeader(GatewayConstants.HEADER_MEMBERS, fanOut.report());
            message.setBody(chosen.stream());
            return;
        }
        finish(exchange, fanOut, chosen.completion(), extraMember, extra);
    }

    /** Answers with this completion, its usage and cost summed over the members and the extra call. */
    private void finish(Exchange exchange, FanOut fanOut, ChatCompletion answer, String extraMember,
                        ChatCompletion extra) {
        fanOut.settle();
        Message message = exchange.getMessage();
        fanOut.cost(catalog, extraMember, extra).ifPresent(usd -> message.setHeader(GatewayConstants.HEADER_COST,
                String.format(Locale.ROOT, "%.6f", usd)));
        answer.usage = fanOut.usage(extra); // after the cost, which needs each answer's own usage
        message.setHeader(GatewayConstants.HEADER_MEMBERS, fanOut.report());
        message.setBody(fanOut.callerStreams()
                ? CompletionReplay.of(answer, fanOut.request().wantsUsageInStream()) : answer);
    }

    /** "provider/model" of the call that just answered on this exchange (the producer's headers). */
    private static String answeringModel(Exchange exchange) {
        Message message = exchange.getMessage();
        return message.getHeader(GatewayConstants.HEADER_PROVIDER, String.class) + "/"
                + message.getHeader(GatewayConstants.HEADER_MODEL, String.class);
    }

    private static List<FanOut.Answer> answered(FanOut fanOut) {
        List<FanOut.Answer> answers = fanOut.answered();
        if (answers.isEmpty()) {
            fanOut.settle();
            throw fanOut.noAnswer();
        }
        return answers;
    }

    private static FanOut fanOut(Exchange exchange) {
        FanOut fanOut = exchange.getProperty(GatewayConstants.FAN_OUT, FanOut.class);
        if (fanOut == null) {
            throw new IllegalStateException("No fan-out on the exchange: call start before the recipient list");
        }
        return fanOut;
    }
}
