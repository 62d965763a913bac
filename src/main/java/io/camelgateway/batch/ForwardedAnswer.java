package io.camelgateway.batch;

import java.io.IOException;
import java.util.function.Supplier;

import org.apache.camel.Exchange;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Usage;
import io.camelgateway.component.LlmCall;
import io.camelgateway.component.LlmCallListener;
import io.camelgateway.credentials.Credential;
import io.camelgateway.provider.ProviderTranslator;
import io.camelgateway.provider.ProviderTranslators;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Route step of a forwarded batch's line (routes/batches.camel.yaml, direct:batch-forwarded-line): the answer the
 * provider's batch API gave the line, translated to a chat completion with the format's own translator, and
 * counted as the line's provider call at the model's batch prices (usage, metrics, audit); or its error, as the
 * provider's error would be on a call of its own.
 */
public class ForwardedAnswer {
    /** Exchange property: the provider's {@link ProviderBatchApi.LineResult} for this line. */
    public static final String RESULT = "CamelGatewayBatchResult";

    private final Supplier<LlmCallListener> calls;

    /** @param calls what hears of every provider call (usage and cost, meters, budgets), once it is set */
    public ForwardedAnswer(Supplier<LlmCallListener> calls) {
        this.calls = calls;
    }

    public ChatCompletion answer(Exchange exchange) {
        ProviderBatchApi.LineResult result = exchange.getProperty(RESULT, ProviderBatchApi.LineResult.class);
        Target target = exchange.getProperty(GatewayConstants.TARGET, Target.class);
        String model = exchange.getMessage().getBody(ChatRequest.class).model;
        ProviderTranslator translator = ProviderTranslators.forFormat(target.provider().format());
        if (result.status() / 100 != 2) {
            Credential credential = exchange.getProperty(GatewayConstants.CREDENTIAL, Credential.class);
            GatewayException failure = UpstreamFailures.fromStatus(target, result.status(),
                    translator.error(result.status(), result.body()), null,
                    credential != null ? credential : Credential.none(target.providerName()));
            calls.get().ended(exchange, new LlmCall(target, LlmCall.CHAT, model, 0, 0, failure, 0, -1).atBatchPrice());
            throw failure;
        }
        ChatCompletion answer;
        try {
            answer = translator.chatResponse(result.body(), target);
        } catch (IOException | RuntimeException e) {
            throw UpstreamFailures.invalidBody(target, e);
        }
        Usage usage = answer.usage != null ? answer.usage : new Usage();
        calls.get().ended(exchange, LlmCall.reported(target, LlmCall.CHAT, model, usage, null, 0, -1).atBatchPrice());
        return answer;
    }
}
