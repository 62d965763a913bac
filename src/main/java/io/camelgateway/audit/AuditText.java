package io.camelgateway.audit;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.EmbeddingRequest;
import io.camelgateway.metering.RequestRecord;

/**
 * Route step, when gateway.audit.include-text is on: keeps the prompt (after the request is read) or the answer
 * (after the provider's answer; a stream's when it ends, its first {@value ChatStream#ANSWER_SAMPLE_CHARS} chars)
 * in the request's record for the audit log, {@link Redaction redacted}. Off, it does nothing.
 */
public final class AuditText implements Processor {
    /** Which text a step keeps. */
    public enum Part { PROMPT, ANSWER }

    private final Part part;
    private final boolean enabled;

    public AuditText(Part part, boolean enabled) {
        this.part = part;
        this.enabled = enabled;
    }

    @Override
    public void process(Exchange exchange) {
        RequestRecord record = exchange.getProperty(GatewayConstants.REQUEST_RECORD, RequestRecord.class);
        if (!enabled || record == null) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (part == Part.PROMPT) {
            record.text(Redaction.redact(prompt(body)), null);
        } else if (body instanceof ChatStream stream) {
            stream.onEnd(error -> record.text(null, Redaction.redact(stream.answerSample())));
        } else {
            ChatCompletion answer = ChatCompletion.of(body);
            if (answer != null && answer.choices != null && !answer.choices.isEmpty()
                    && answer.choices.get(0).message != null) {
                record.text(null, Redaction.redact(answer.choices.get(0).message.text()));
            }
        }
    }

    private static String prompt(Object body) {
        if (body instanceof ChatRequest chat && chat.messages != null) {
            return chat.messages.stream().map(m -> m.role + ": " + m.text()).collect(Collectors.joining("\n"));
        }
        if (body instanceof EmbeddingRequest embeddings) {
            List<String> texts = embeddings.texts();
            return texts == null ? null : String.join("\n", texts);
        }
        return null;
    }
}
