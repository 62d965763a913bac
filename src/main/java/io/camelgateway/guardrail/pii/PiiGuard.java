package io.camelgateway.guardrail.pii;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.GatewayException;
import io.camelgateway.guardrail.GuardrailMetrics;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.TeamPolicy;
import io.camelgateway.routing.DryRunAnswer;

/**
 * The PII guardrail's route steps. {@link #screen} looks at a chat request before the provider does and, by the
 * mode (the caller's team's {@code guardrails: {pii: ...}}, else the step's: {@link #redact}, {@link #block},
 * {@link #route}, or gateway.yaml's for {@code screen}), replaces each value with a placeholder, refuses the
 * request, or sends it to a private model. {@link #restore} puts the values back
 * into the answer, streamed or not, and scans the answer when gateway.yaml asks. {@link #explain} tells the dry
 * run what screen would do. The audit record and the metrics get the kinds and counts, never a value.
 */
public final class PiiGuard {
    /** The guard's name in team policies, the audit record, the dry run and the metrics. */
    public static final String NAME = "pii";
    /** Exchange property: the request's {@link Placeholders}, from screen to restore. */
    public static final String PLACEHOLDERS = "CamelGatewayPiiPlaceholders";
    /** Response header: what the guard did, "redacted email, phone" say. */
    public static final String HEADER = GatewayConstants.HEADER_PREFIX + "pii";

    private final PiiSettings settings;
    private final PiiScanner scanner;
    private final PromptRedaction redaction;
    private final ModelAccess access;
    private final PrivateModels privateModels;
    private final GuardrailMetrics metrics;

    public PiiGuard(PiiSettings settings, ModelAccess access, PrivateModels privateModels, MeterRegistry meters) {
        this.settings = settings;
        this.scanner = settings.scanner();
        this.redaction = new PromptRedaction(scanner);
        this.access = access;
        this.privateModels = privateModels;
        this.metrics = new GuardrailMetrics(NAME, meters);
    }

    /** The step in gateway.yaml's mode (guardrails.pii.mode), unless the caller's team names one. */
    public void screen(Exchange exchange) {
        screen(exchange, settings.mode());
    }

    /** The step in mode redact, unless the caller's team names another. */
    public void redact(Exchange exchange) {
        screen(exchange, PiiMode.REDACT);
    }

    /** The step in mode block, unless the caller's team names another. */
    public void block(Exchange exchange) {
        screen(exchange, PiiMode.BLOCK);
    }

    /** The step in mode route, unless the caller's team names another. */
    public void route(Exchange exchange) {
        screen(exchange, PiiMode.ROUTE);
    }

    private void screen(Exchange exchange, PiiMode stepMode) {
        PiiMode mode = mode(exchange, stepMode);
        if (mode == PiiMode.OFF || !(exchange.getMessage().getBody() instanceof ChatRequest request)) {
            return;
        }
        long start = System.nanoTime();
        try {
            switch (mode) {
                case REDACT -> redactRequest(exchange, request);
                case BLOCK -> blockRequest(exchange, request);
                case ROUTE -> routeRequest(exchange, request);
                default -> throw new IllegalStateException(mode.name());
            }
        } finally {
            metrics.timeSince(start);
        }
    }

    /**
     * Dry run: what screen would do with this request (in the caller's team's mode, else gateway.yaml's), in the
     * answer's "guardrails" under "pii"; changes nothing.
     */
    public void explain(Exchange exchange) {
        PiiMode mode = mode(exchange, settings.mode());
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("mode", mode.label());
        if (mode != PiiMode.OFF && exchange.getMessage().getBody() instanceof ChatRequest request) {
            PiiReport report = redaction.inspect(request);
            verdict.put("action", report.isEmpty() ? "pass" : switch (mode) {
                case REDACT -> "redact";
                case BLOCK -> "block";
                default -> privateModels.isPrivate(request.model) ? "pass" : "route to " + settings.privateModel();
            });
            verdict.put("found", report.byId());
        } else {
            verdict.put("action", "none");
        }
        DryRunAnswer.guardrail(exchange, NAME, verdict);
    }

    /**
     * After the provider's answer: the values put back where the request was redacted, and the answer scanned for
     * PII that was not the caller's own when gateway.yaml's guardrails.pii.answers is flag or redact.
     */
    public void restore(Exchange exchange) {
        Placeholders placeholders = exchange.getProperty(PLACEHOLDERS, Placeholders.class);
        boolean scan = settings.answers() != AnswerMode.OFF;
        if (placeholders == null && !scan) {
            return;
        }
        boolean redactAnswer = settings.answers() == AnswerMode.REDACT;
        PiiReport found = new PiiReport();
        Object body = exchange.getMessage().getBody();
        ChatCompletion answer = ChatCompletion.of(body);
        if (answer != null) {
            exchange.getMessage().setBody(answer); // changed below: written again for the caller, not sent as it came
            forEachText(answer, text -> {
                String restored = placeholders == null ? text : placeholders.restore(text);
                return scan ? new AnswerScan(scanner, placeholders, redactAnswer, found).whole(restored) : restored;
            });
            if (scan) {
                answerFound(exchange, found, redactAnswer);
            }
        } else if (body instanceof ChatStream stream) {
            ChatStream toCaller = FilteredStream.filtered(stream, () -> {
                StreamTextFilter answerScan = scan ? new AnswerScan(scanner, placeholders, redactAnswer, found) : null;
                if (placeholders == null) {
                    return answerScan;
                }
                StreamTextFilter restore = new PlaceholderRestorer(placeholders);
                return answerScan == null ? restore : restore.then(answerScan);
            });
            if (scan) {
                toCaller.onEnd(error -> answerFound(exchange, found, redactAnswer));
            }
            exchange.getMessage().setBody(toCaller);
        }
    }

    /** The caller's team's mode (the policy checked it when read), else the step's. */
    private PiiMode mode(Exchange exchange, PiiMode stepMode) {
        TeamPolicy team = access.teamOf(exchange);
        String teamMode = team == null ? null : team.guardrailMode(NAME);
        return teamMode != null ? PiiMode.named(teamMode) : stepMode;
    }

    private void redactRequest(Exchange exchange, ChatRequest request) {
        Placeholders placeholders = new Placeholders();
        PiiReport report = redaction.redact(request, placeholders);
        if (report.isEmpty()) {
            passed(exchange, PiiMode.REDACT);
            return;
        }
        exchange.setProperty(PLACEHOLDERS, placeholders);
        acted(exchange, PiiMode.REDACT, report, "redacted", null);
    }

    private void blockRequest(Exchange exchange, ChatRequest request) {
        PiiReport report = redaction.inspect(request);
        if (report.isEmpty()) {
            passed(exchange, PiiMode.BLOCK);
            return;
        }
        acted(exchange, PiiMode.BLOCK, report, "blocked", null);
        throw new GatewayException(400, "invalid_request_error", "pii_detected", "messages",
                "The request holds personal or secret data (" + report.kinds() + "), which this gateway does not "
                        + "pass on. Remove it and send the request again.", null, null);
    }

    private void routeRequest(Exchange exchange, ChatRequest request) {
        PiiReport report = redaction.inspect(request);
        if (report.isEmpty()) {
            passed(exchange, PiiMode.ROUTE);
            return;
        }
        String routed = exchange.getProperty(GatewayConstants.ROUTED_MODEL, String.class);
        if (privateModels.isPrivate(routed != null ? routed : request.model)) {
            acted(exchange, PiiMode.ROUTE, report, "kept on a private model", request.model);
            return;
        }
        String to = settings.privateModel();
        if (to == null) {
            acted(exchange, PiiMode.ROUTE, report, "blocked", null);
            throw new GatewayException(400, "invalid_request_error", "pii_detected", "messages",
                    "The request holds personal or secret data (" + report.kinds() + "), which may go only to a "
                            + "private model, and none is configured (guardrails.pii.privateModel).", null, null);
        }
        request.model = to;
        if (routed != null) {
            exchange.setProperty(GatewayConstants.ROUTED_MODEL, to);
        }
        acted(exchange, PiiMode.ROUTE, report, "routed", to);
    }

    private void passed(Exchange exchange, PiiMode mode) {
        record(exchange, NAME, Map.of("mode", mode.label(), "action", "pass"));
        metrics.checked(exchange, "pass");
    }

    private void acted(Exchange exchange, PiiMode mode, PiiReport report, String action, String model) {
        exchange.getMessage().setHeader(HEADER, action + " " + report.kinds());
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("mode", mode.label());
        outcome.put("action", action);
        outcome.put("found", report.byId());
        if (model != null) {
            outcome.put("model", model);
        }
        record(exchange, NAME, outcome);
        metrics.checked(exchange, mode.label());
        metrics.found(report.byId());
    }

    private static void record(Exchange exchange, String name, Map<String, Object> outcome) {
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record != null) {
            record.guardrail(name, outcome);
        }
    }

    private void answerFound(Exchange exchange, PiiReport found, boolean redacted) {
        if (found.isEmpty()) {
            return;
        }
        record(exchange, NAME + "_answer", Map.of("action", redacted ? "redacted" : "flagged", "found", found.byId()));
        metrics.checked(exchange, redacted ? "answer_redact" : "answer_flag");
        metrics.found(found.byId());
    }

    /** Applies the function to every text of the answer: each choice's content, refusal and tool arguments. */
    private static void forEachText(ChatCompletion answer, UnaryOperator<String> change) {
        if (answer.choices == null) {
            return;
        }
        for (ChatCompletion.Choice choice : answer.choices) {
            if (choice != null) {
                MessageTexts.changeEach(choice.message, change);
            }
        }
    }
}
