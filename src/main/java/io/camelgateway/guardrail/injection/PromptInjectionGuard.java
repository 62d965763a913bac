package io.camelgateway.guardrail.injection;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.guardrail.GuardrailMetrics;
import io.camelgateway.metering.RequestRecord;
import io.camelgateway.policy.ModelAccess;
import io.camelgateway.policy.TeamPolicy;
import io.camelgateway.routing.DryRunAnswer;

/**
 * The prompt-injection guard as route steps (routes/chat.camel.yaml): {@link #applies} decides the request's mode
 * (its team's policy, else the step's, else gateway.guardrails.prompt-injection.mode) and whether to check at all;
 * {@link #check} scores the request and blocks it (400 prompt_injection_detected) or flags it (x-gateway-guardrail),
 * recording the outcome in the audit record and gateway_guardrail_checks_total; {@link #explain} tells the routing
 * dry run what the guard would do. The answer and the logs never repeat the caller's text.
 */
public class PromptInjectionGuard {
    /** The guardrail's name in the header, the audit record, the metrics and the dry run. */
    public static final String NAME = "prompt_injection";
    /** The team policy's key for this guardrail's mode. */
    public static final String POLICY_KEY = "promptInjection";
    /** Exchange property: the mode {@link #applies} settled on, for {@link #check}. */
    static final String MODE = "CamelGatewayPromptInjectionMode";
    public static final String CODE = "prompt_injection_detected";
    private static final Logger LOG = LoggerFactory.getLogger(PromptInjectionGuard.class);

    private final InjectionDetector detector;
    private final PromptInjectionSettings settings;
    private final ModelAccess access;
    private final GuardrailMetrics metrics;

    /** @param access the policy in force, for the caller's team's mode */
    public PromptInjectionGuard(InjectionDetector detector, PromptInjectionSettings settings, ModelAccess access,
                                MeterRegistry meters) {
        this.detector = detector;
        this.settings = settings;
        this.access = access;
        this.metrics = new GuardrailMetrics(NAME, meters);
    }

    /**
     * Loads the model and the examples: seconds of CPU that the first request checked would otherwise wait for
     * ({@link io.camelgateway.ModelWarmUp} calls it after the start when the guard may run).
     */
    public void warmUp() {
        detector.warmUp();
    }

    /** Whether the request is to be checked, in the mode its team or gateway.guardrails.prompt-injection.mode sets. */
    public boolean applies(Exchange exchange) {
        return appliesAs(exchange, null);
    }

    /**
     * Whether the request is to be checked, with the step's own mode for callers whose team sets none:
     * {@code method: "appliesAs(*, block)"}.
     */
    public boolean appliesAs(Exchange exchange, String stepMode) {
        if (!(exchange.getMessage().getBody() instanceof ChatRequest)) {
            return false;
        }
        InjectionMode mode = mode(exchange, stepMode);
        exchange.setProperty(MODE, mode);
        return mode != InjectionMode.OFF;
    }

    /** Scores the request; blocks it or marks it as its mode says. Runs the model: never on an event loop. */
    public void check(Exchange exchange) {
        InjectionMode mode = exchange.getProperty(MODE, InjectionMode.class);
        if (mode == null) {
            mode = mode(exchange, null);
        }
        if (mode == InjectionMode.OFF) {
            return;
        }
        long start = System.nanoTime();
        InjectionVerdict verdict = detector.check(exchange.getMessage().getBody(ChatRequest.class),
                settings.roles(), false);
        metrics.timeSince(start);
        String action = !verdict.detected() ? "pass" : mode.label();
        metrics.checked(exchange, action);
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (record != null) {
            record.guardrail(NAME, outcome(action, verdict));
        }
        if (!verdict.detected()) {
            return;
        }
        if (mode == InjectionMode.BLOCK) {
            throw new GatewayException(400, "invalid_request_error", CODE,
                    verdict.message() >= 0 ? "messages[" + verdict.message() + "]" : "messages",
                    "The request was not sent: it looks like a prompt injection. If it is not one, ask the "
                            + "gateway's operator to review the prompt-injection guard's setting for your team.",
                    null, null);
        }
        exchange.getMessage().setHeader(GatewayConstants.HEADER_GUARDRAIL, NAME);
    }

    /** Dry run: what the guard would do with this request, with the score and what matched; it never blocks. */
    public void explain(Exchange exchange) {
        InjectionMode mode = mode(exchange, null);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mode", mode.label());
        if (exchange.getMessage().getBody() instanceof ChatRequest request && mode != InjectionMode.OFF) {
            InjectionVerdict verdict = detector.check(request, settings.roles(), true);
            view.put("action", verdict.detected() ? mode.label() : "pass");
            view.put("verdict", verdict);
        } else {
            view.put("action", "none");
        }
        DryRunAnswer.guardrail(exchange, NAME, view);
    }

    private InjectionMode mode(Exchange exchange, String stepMode) {
        TeamPolicy team = access.teamOf(exchange);
        if (team != null && team.guardrailMode(POLICY_KEY) != null) {
            return InjectionMode.named(team.guardrailMode(POLICY_KEY));
        }
        if (stepMode != null && !stepMode.isBlank()) {
            return InjectionMode.named(stepMode);
        }
        return settings.mode();
    }

    private static Map<String, Object> outcome(String action, InjectionVerdict verdict) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("action", action);
        o.put("score", verdict.score());
        o.put("rules", verdict.rules());
        if (verdict.similarity() != null) {
            o.put("similarity", verdict.similarity());
        }
        if (verdict.message() >= 0) {
            o.put("message", verdict.message());
        }
        return o;
    }
}
