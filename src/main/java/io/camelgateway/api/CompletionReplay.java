package io.camelgateway.api;

import java.util.ArrayList;
import java.util.List;

/** A finished answer sent as a stream, for a caller who asked for one: a fan-out combines whole answers first. */
public final class CompletionReplay {
    private CompletionReplay() {
    }

    /** The answer as chunks (role and content, then the finish reason, then usage when asked for), ended. */
    public static ChatStream of(ChatCompletion answer, boolean includeUsage) {
        ChatStream stream = new ChatStream(includeUsage);
        List<ChatCompletionChunk.Choice> content = new ArrayList<>();
        List<ChatCompletionChunk.Choice> finish = new ArrayList<>();
        for (ChatCompletion.Choice choice : answer.choices) {
            ChatCompletionChunk.Delta delta = new ChatCompletionChunk.Delta();
            delta.role = "assistant";
            delta.content = choice.message.text();
            delta.toolCalls = indexed(choice.message.toolCalls);
            delta.refusal = choice.message.refusal;
            content.add(new ChatCompletionChunk.Choice(choice.index, delta, null));
            finish.add(new ChatCompletionChunk.Choice(choice.index, new ChatCompletionChunk.Delta(),
                    choice.finishReason));
        }
        stream.push(chunk(answer, content, null));
        stream.push(chunk(answer, finish, null));
        if (answer.usage != null) {
            stream.push(chunk(answer, List.of(), answer.usage));
        }
        stream.complete();
        return stream;
    }

    /** A stream's tool calls say which call each is (index), as OpenAI's do and SDKs need to join them. */
    private static List<ToolCall> indexed(List<ToolCall> calls) {
        if (calls == null) {
            return null;
        }
        List<ToolCall> indexed = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            ToolCall copy = ToolCall.of(call.id, call.function == null ? null : call.function.name,
                    call.function == null ? null : call.function.arguments);
            copy.type = call.type == null ? "function" : call.type;
            copy.index = i;
            indexed.add(copy);
        }
        return indexed;
    }

    private static ChatCompletionChunk chunk(ChatCompletion answer, List<ChatCompletionChunk.Choice> choices,
                                             Usage usage) {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.id = answer.id;
        chunk.created = answer.created;
        chunk.model = answer.model;
        chunk.choices = choices;
        chunk.usage = usage;
        chunk.systemFingerprint = answer.systemFingerprint;
        return chunk;
    }
}
