package io.camelgateway.provider.openai;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.camelgateway.api.ChatCompletionAsSent;
import io.camelgateway.api.Json;
import io.camelgateway.api.Usage;
import io.camelgateway.provider.InvalidAnswerException;
import io.camelgateway.provider.Target;
import io.camelgateway.provider.UpstreamFailures;

/**
 * Reads an OpenAI-format chat answer in one pass of Jackson's tokens, without building it: it checks what
 * {@link OpenAiTranslator#chatResponse} checks (a JSON object, choices that each have a message, no error object
 * in their place) and keeps the usage, so that the answer can go on as it was sent.
 */
final class OpenAiAnswerScan {
    private int choices;
    private boolean choicesNull = true;
    private boolean error;
    private Usage usage;

    private OpenAiAnswerScan() {
    }

    static ChatCompletionAsSent scan(byte[] body, Target target) throws IOException {
        OpenAiAnswerScan scan = new OpenAiAnswerScan();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                throw new InvalidAnswerException("the body is not a JSON object.");
            }
            if (first != JsonToken.START_OBJECT) {
                throw notACompletion();
            }
            scan.readAnswer(parser);
        } catch (InvalidAnswerException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw notACompletion();
        }
        if (scan.choicesNull || scan.choices == 0) {
            throw new InvalidAnswerException(scan.error ? "an error object instead." : "no choices.");
        }
        return new ChatCompletionAsSent(body, scan.usage, e -> UpstreamFailures.invalidBody(target, e));
    }

    private void readAnswer(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "choices" -> readChoices(parser, value);
                case "usage" -> usage = value == JsonToken.VALUE_NULL ? null : readUsage(parser, value);
                case "error" -> {
                    error = value != JsonToken.VALUE_NULL;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
    }

    private void readChoices(JsonParser parser, JsonToken value) throws IOException {
        choices = 0;
        choicesNull = value == JsonToken.VALUE_NULL;
        if (choicesNull) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw notACompletion();
        }
        JsonToken choice;
        while ((choice = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (choice != JsonToken.START_OBJECT || !hasMessage(parser)) {
                throw new InvalidAnswerException("a choice without a message.");
            }
            choices++;
        }
    }

    /** Reads one choice to its end: true when it has a message object. */
    private static boolean hasMessage(JsonParser parser) throws IOException {
        boolean message = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("message")) {
                message = value == JsonToken.START_OBJECT;
            }
            parser.skipChildren();
        }
        return message;
    }

    /**
     * The usage object, field by field as Jackson would bind {@link Usage} (a whole number or one written as a
     * string, null for 0), without the binding's own cost: it was a third of the scan's time.
     */
    private static Usage readUsage(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw notACompletion();
        }
        Usage usage = new Usage();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "prompt_tokens" -> usage.promptTokens = orZero(count(parser, token));
                case "completion_tokens" -> usage.completionTokens = orZero(count(parser, token));
                case "total_tokens" -> usage.totalTokens = orZero(count(parser, token));
                case "prompt_tokens_details" -> usage.promptDetails = readPromptDetails(parser, token);
                case "completion_tokens_details" -> usage.completionDetails = readCompletionDetails(parser, token);
                default -> parser.skipChildren();
            }
        }
        return usage;
    }

    private static Usage.PromptDetails readPromptDetails(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw notACompletion();
        }
        Usage.PromptDetails details = new Usage.PromptDetails();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "cached_tokens" -> details.cachedTokens = count(parser, token);
                case "cache_creation_tokens" -> details.cacheCreationTokens = count(parser, token);
                default -> parser.skipChildren();
            }
        }
        return details;
    }

    private static Usage.CompletionDetails readCompletionDetails(JsonParser parser, JsonToken value)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw notACompletion();
        }
        Usage.CompletionDetails details = new Usage.CompletionDetails();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("reasoning_tokens")) {
                details.reasoningTokens = count(parser, token);
            } else {
                parser.skipChildren();
            }
        }
        return details;
    }

    /** A token count: a whole number, or one written as a string; null for null; anything else is refused. */
    private static Integer count(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> parser.getIntValue();
            case VALUE_NULL -> null;
            case VALUE_STRING -> {
                try {
                    yield Integer.parseInt(parser.getText().trim());
                } catch (NumberFormatException e) {
                    throw notACompletion();
                }
            }
            default -> throw notACompletion();
        };
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    private static InvalidAnswerException notACompletion() {
        return new InvalidAnswerException("the body is not a JSON object of a chat completion.");
    }
}
