package io.camelgateway.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.provider.Target;
import io.camelgateway.security.CallerIdentity;

/**
 * Decides whether a batch goes to its provider's own batch API, and translates its lines for it. Each line is read,
 * held to the team's policy and resolved as its chat request would be (routes/batches.camel.yaml,
 * direct:batch-forward-check), without calling anyone. A batch is forwarded when it is a chat batch and every line
 * goes to one model of one provider whose gateway.yaml entry says {@code batches: provider}.
 */
final class BatchForwarding {
    static final String CHECK = "direct:batch-forward-check";
    static final String CUSTOM_ID_PREFIX = "line-";

    private final ProducerTemplate template;

    BatchForwarding(ProducerTemplate template) {
        this.template = template;
    }

    /** The lines as the provider takes them, where they go, and the credential the batch's owner uses there. */
    record Plan(Target target, Credential credential, List<ProviderBatchApi.ForwardLine> lines) {
    }

    /** Where a line's request goes, with the credential, as its chat request would be sent. */
    record Resolved(ChatRequest request, Target target, Credential credential) {
    }

    /** The plan for these lines, or empty when the gateway runs the batch itself. */
    Optional<Plan> plan(CallerIdentity caller, String endpoint, List<InputLine> lines) {
        if (!BatchInput.CHAT.equals(endpoint) || lines.isEmpty()) {
            return Optional.empty();
        }
        List<ProviderBatchApi.ForwardLine> forwarded = new ArrayList<>(lines.size());
        Target first = null;
        Credential credential = null;
        for (InputLine line : lines) {
            Optional<Resolved> resolved = resolve(caller, line.body());
            if (resolved.isEmpty() || !resolved.get().target().provider().forwardsBatches()) {
                return Optional.empty();
            }
            Target target = resolved.get().target();
            if (first == null) {
                first = target;
                credential = resolved.get().credential();
            } else if (!first.providerName().equals(target.providerName())
                    || !first.upstreamModel().equals(target.upstreamModel())) {
                return Optional.empty(); // one batch at the provider is one model (OpenAI's and Gemini's rule)
            }
            forwarded.add(new ProviderBatchApi.ForwardLine(CUSTOM_ID_PREFIX + line.lineNo(),
                    ProviderTranslators.forFormat(target.provider().format())
                            .chatCall(resolved.get().request(), target).body()));
        }
        return Optional.of(new Plan(first, credential, forwarded));
    }

    /** A line's request, checked and resolved; empty when the policy refuses it or it names no provider's model. */
    Optional<Resolved> resolve(CallerIdentity caller, String body) {
        Exchange checked = template.send(CHECK, exchange -> {
            exchange.setProperty(GatewayConstants.CALLER, caller);
            exchange.getMessage().setHeader(Exchange.HTTP_URI, BatchInput.CHAT);
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
        if (checked.getException() != null) {
            return Optional.empty();
        }
        return Optional.of(new Resolved(checked.getMessage().getBody(ChatRequest.class),
                checked.getProperty(GatewayConstants.TARGET, Target.class),
                checked.getProperty(GatewayConstants.CREDENTIAL, Credential.class)));
    }

    /** The line number a provider's custom_id names, or -1 when it is not one the gateway gave. */
    static int lineNo(String customId) {
        if (customId == null || !customId.startsWith(CUSTOM_ID_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(customId.substring(CUSTOM_ID_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
