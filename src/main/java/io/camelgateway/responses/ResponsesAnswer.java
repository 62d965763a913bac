package io.camelgateway.responses;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.camelgateway.GatewayConstants;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatStream;
import io.camelgateway.api.ToolCall;
import io.camelgateway.batch.Owner;
import io.camelgateway.provider.InvalidAnswerException;

/**
 * Route step of POST /v1/responses, after the chat flow: a plain answer becomes OpenAI's Response object; a stream
 * stays the canonical stream, to be written in the Responses API's events ({@link ResponsesEvents}). A response to
 * keep (store) is, when plain, left on the exchange for the route to write ({@link GatewayConstants#RESPONSE_TO_KEEP})
 * before it answers; when streamed, queued for the store once it has ended whole.
 */
public class ResponsesAnswer implements Processor {
    private final ResponseStore store;

    public ResponsesAnswer(ResponseStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) throws InvalidAnswerException {
        ResponsesRequest request = exchange.getProperty(GatewayConstants.RESPONSES_REQUEST, ResponsesRequest.class);
        Conversation before = exchange.getProperty(GatewayConstants.RESPONSES_CONVERSATION, Conversation.none(),
                Conversation.class);
        Object body = exchange.getMessage().getBody();
        ChatCompletion completion = ChatCompletion.of(body);
        if (body instanceof ChatStream) {
            String owner = request.keep() ? Owner.of(exchange) : null;
            exchange.setProperty(GatewayConstants.SSE_ENCODER, new ResponsesEvents(request, whole -> {
                StoredResponse kept = owner == null ? null : store.record(owner, request, before, whole);
                if (kept != null && !store.keepLater(kept)) {
                    whole.store = false;
                }
            }));
        } else if (completion != null) {
            ResponseObject response = of(request, completion);
            if (request.keep()) {
                StoredResponse kept = store.record(Owner.of(exchange), request, before, response);
                if (kept != null) {
                    exchange.setProperty(GatewayConstants.RESPONSE_TO_KEEP, kept);
                }
            }
            exchange.getMessage().setBody(response);
        }
    }

    static ResponseObject of(ResponsesRequest request, ChatCompletion completion) throws InvalidAnswerException {
        if (completion.choices == null || completion.choices.isEmpty() || completion.choices.get(0).message == null) {
            throw new InvalidAnswerException("no choices.");
        }
        ResponseObject response = ResponseObject.answering(request, completion.model);
        ChatCompletion.Choice choice = completion.choices.get(0);
        ChatMessage message = choice.message;
        response.output.addAll(ReasoningItems.of(message));
        String text = message.content == null ? "" : message.text();
        if (!text.isEmpty() || message.refusal != null) {
            ResponseObject.OutputItem item = ResponseObject.OutputItem.message(ResponseObject.itemId("msg"),
                    "completed");
            if (!text.isEmpty()) {
                item.content.add(ResponseObject.OutputContent.outputText(text));
            }
            if (message.refusal != null) {
                item.content.add(ResponseObject.OutputContent.refusal(message.refusal));
            }
            response.output.add(item);
        }
        if (message.hasToolCalls()) {
            for (ToolCall call : message.toolCalls) {
                response.output.add(ResponseObject.OutputItem.functionCall(ResponseObject.itemId("fc"), "completed",
                        call.id, call.function.name, call.function.arguments));
            }
        }
        response.finished(choice.finishReason);
        if (completion.usage != null) {
            response.usage = ResponseObject.ResponseUsage.of(completion.usage);
        }
        return response;
    }
}
