package io.camelgateway.responses;

import java.util.ArrayList;
import java.util.List;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatCompletionChunk;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.api.ThinkingBlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden translations between the Responses API and the canonical chat model, against the shapes of OpenAI's
 * public API reference (create a response, the function calling guide, reasoning items, the streaming events).
 * Generated ids and times are masked; everything else must match.
 */
class ResponsesTranslationTest {

    /** The reference's "Text input" example, answered. */
    @Test
    void textAnswerIsTheReferenceResponseObject() throws Exception {
        ResponsesRequest request = request("{\"model\":\"gpt-4.1\",\"input\":\"Tell me a three sentence bedtime "
                + "story about a unicorn.\"}");
        ChatCompletion completion = Json.MAPPER.readValue("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1741476542,"model":"gpt-4.1-2025-04-14",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"In a peaceful grove beneath a silver moon..."},
                 "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":36,"completion_tokens":87,"total_tokens":123}}""", ChatCompletion.class);

        JsonNode response = masked(ResponsesAnswer.of(request, completion));

        assertEquals(Json.tree("""
                {"id":"resp_*","object":"response","created_at":0,"status":"completed","error":null,
                 "incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-4.1-2025-04-14",
                 "output":[{"type":"message","id":"msg_*","status":"completed","role":"assistant",
                   "content":[{"type":"output_text","text":"In a peaceful grove beneath a silver moon...",
                               "annotations":[],"logprobs":[]}]}],
                 "parallel_tool_calls":true,"previous_response_id":null,"reasoning":{},"store":true,
                 "temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,
                 "truncation":"disabled",
                 "usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},
                          "output_tokens":87,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":123},
                 "user":null,"metadata":{}}"""), response);
    }

    /** The function calling guide's get_weather call, and the reasoning item Anthropic's thinking becomes. */
    @Test
    void thinkingAndToolCallBecomeReasoningAndFunctionCallItems() throws Exception {
        ResponsesRequest request = request("{\"model\":\"claude\",\"input\":\"Weather in Paris?\"}");
        ChatMessage message = new ChatMessage();
        message.role = "assistant";
        message.reasoningContent = "The user wants the weather.";
        message.thinkingBlocks = List.of(ThinkingBlock.thinking("The user wants the weather.", "EqQBCgIYAhIM1gbcDa"),
                ThinkingBlock.redacted("EmwKAhgBEgy3va3pzix"));
        message.toolCalls = List.of(io.camelgateway.api.ToolCall.of("call_12345xyz", "get_weather",
                "{\"location\":\"Paris, France\"}"));
        ChatCompletion completion = new ChatCompletion();
        completion.model = "claude-sonnet-4-5";
        completion.choices = List.of(new ChatCompletion.Choice(0, message, "tool_calls"));
        completion.usage = new io.camelgateway.api.Usage(2100, 150).withCache(2000, 50).withReasoning(40);

        JsonNode response = masked(ResponsesAnswer.of(request, completion));

        assertEquals(Json.tree("""
                [{"type":"reasoning","id":"rs_*","summary":[{"type":"summary_text","text":"The user wants the weather."}],
                  "encrypted_content":"EqQBCgIYAhIM1gbcDa"},
                 {"type":"reasoning","id":"rs_*","summary":[],"encrypted_content":"redacted_thinking:EmwKAhgBEgy3va3pzix"},
                 {"type":"function_call","id":"fc_*","status":"completed","call_id":"call_12345xyz",
                  "name":"get_weather","arguments":"{\\"location\\":\\"Paris, France\\"}"}]"""), response.get("output"));
        assertEquals(Json.tree("""
                {"input_tokens":2100,"input_tokens_details":{"cached_tokens":2000,"cache_write_tokens":50},
                 "output_tokens":150,"output_tokens_details":{"reasoning_tokens":40},"total_tokens":2250}"""),
                response.get("usage"));
        assertEquals("completed", response.get("status").asText());
    }

    @Test
    void answerCutShortIsIncomplete() throws Exception {
        ChatCompletion completion = new ChatCompletion();
        completion.choices = List.of(new ChatCompletion.Choice(0, new ChatMessage("assistant", "Once upon"), "length"));
        JsonNode response = masked(ResponsesAnswer.of(request("{\"model\":\"m\",\"input\":\"x\","
                + "\"max_output_tokens\":2}"), completion));
        assertEquals("incomplete", response.get("status").asText());
        assertEquals("max_output_tokens", response.at("/incomplete_details/reason").asText());
        assertEquals(2, response.get("max_output_tokens").asInt());
    }

    /** The function calling guide's second turn: the call and its output go back as input items. */
    @Test
    void reasoningFunctionCallAndOutputItemsBecomeOneAssistantTurnAndAToolMessage() throws Exception {
        ChatRequest chat = ResponsesRequestReader.toChat(request("""
                {"model":"claude-sonnet","instructions":"Be brief.","input":[
                  {"role":"user","content":"What's the weather like in Paris today?"},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"The user wants "},
                     {"type":"summary_text","text":"the weather."}],"encrypted_content":"EqQBCgIYAhIM1gbcDa"},
                  {"type":"reasoning","id":"rs_2","summary":[],"encrypted_content":"redacted_thinking:EmwKAhgB"},
                  {"type":"reasoning","id":"rs_3","summary":[]},
                  {"type":"function_call","id":"fc_12345xyz","call_id":"call_12345xyz","name":"get_weather",
                   "arguments":"{\\"location\\":\\"Paris, France\\"}"},
                  {"type":"function_call","id":"fc_2","call_id":"call_2","name":"get_time","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_12345xyz","output":"15 degrees"},
                  {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"noon"}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"And this?"},
                     {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}]}
                ],"tools":[{"type":"function","name":"get_weather","description":"Get the weather",
                  "parameters":{"type":"object","properties":{"location":{"type":"string"}}},"strict":true}],
                 "tool_choice":{"type":"function","name":"get_weather"},"max_output_tokens":500,
                 "text":{"format":{"type":"json_schema","name":"weather","schema":{"type":"object"},"strict":true}},
                 "reasoning":{"effort":"high","summary":"auto"},"store":false}"""));

        assertEquals(Json.tree("""
                {"model":"claude-sonnet","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"What's the weather like in Paris today?"},
                  {"role":"assistant","content":null,"tool_calls":[
                     {"id":"call_12345xyz","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris, France\\"}"}},
                     {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}],
                   "thinking_blocks":[{"type":"thinking","thinking":"The user wants the weather.","signature":"EqQBCgIYAhIM1gbcDa"},
                     {"type":"redacted_thinking","data":"EmwKAhgB"}]},
                  {"role":"tool","content":"15 degrees","tool_call_id":"call_12345xyz"},
                  {"role":"tool","content":[{"type":"text","text":"noon"}],"tool_call_id":"call_2"},
                  {"role":"user","content":[{"type":"text","text":"And this?"},
                     {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
                 "max_completion_tokens":500,
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Get the weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}}},"strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"weather","schema":{"type":"object"},"strict":true}},
                 "reasoning_effort":"high"}"""), Json.MAPPER.valueToTree(chat));
    }

    /** The streaming guide's event order, with thinking before the text and a function call after it. */
    @Test
    void streamBecomesTheReferenceEventSequence() throws Exception {
        ResponsesEvents dialect = new ResponsesEvents(request("{\"model\":\"m\",\"input\":\"x\","
                + "\"stream\":true}"), whole -> { });
        Recorded events = new Recorded();
        dialect.chunk(events.out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        dialect.chunk(events.out, chunk("{\"reasoning_content\":\"Think\"}", null));
        dialect.chunk(events.out, chunk("{\"reasoning_content\":\"ing.\"}", null));
        dialect.chunk(events.out, chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"signature\":\"sig-1\"}]}", null));
        dialect.chunk(events.out, chunk("{\"content\":\"Hello\"}", null));
        dialect.chunk(events.out, chunk("{\"content\":\" there\"}", null));
        dialect.chunk(events.out, chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null));
        dialect.chunk(events.out, chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null));
        dialect.chunk(events.out, chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null));
        dialect.chunk(events.out, chunk("{}", "tool_calls"));
        ChatCompletionChunk usage = new ChatCompletionChunk();
        usage.usage = new io.camelgateway.api.Usage(10, 20).withReasoning(5);
        dialect.chunk(events.out, usage);
        dialect.end(events.out, null);
        events.parsed();

        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed"), events.names);
        for (int i = 0; i < events.data.size(); i++) {
            assertEquals(events.names.get(i), events.data.get(i).get("type").asText());
            assertEquals(i, events.data.get(i).get("sequence_number").asInt());
        }
        assertEquals(Json.tree("{\"type\":\"response.output_text.delta\",\"sequence_number\":11,\"item_id\":\"msg_*\","
                + "\"output_index\":1,\"content_index\":0,\"delta\":\"Hello\",\"logprobs\":[]}"), masked(events.data.get(11)));
        assertEquals(Json.tree("{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":19,"
                + "\"item_id\":\"fc_*\",\"output_index\":2,\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"),
                masked(events.data.get(19)));
        JsonNode completed = masked(events.data.get(21).get("response"));
        assertEquals(Json.tree("""
                [{"type":"reasoning","id":"rs_*","summary":[{"type":"summary_text","text":"Thinking."}],"encrypted_content":"sig-1"},
                 {"type":"message","id":"msg_*","status":"completed","role":"assistant",
                  "content":[{"type":"output_text","text":"Hello there","annotations":[],"logprobs":[]}]},
                 {"type":"function_call","id":"fc_*","status":"completed","call_id":"call_1","name":"get_weather",
                  "arguments":"{\\"city\\":\\"Paris\\"}"}]"""), completed.get("output"));
        assertEquals(5, completed.at("/usage/output_tokens_details/reasoning_tokens").asInt());
        assertEquals("completed", completed.get("status").asText());
        assertEquals("in_progress", events.data.get(0).at("/response/status").asText());
        assertEquals(0, events.data.get(0).at("/response/output").size(), "created carries no output yet");
    }

    @Test
    void streamThatBreaksOffEndsWithResponseFailed() throws Exception {
        ResponsesEvents dialect = new ResponsesEvents(request("{\"model\":\"m\",\"input\":\"x\"}"), whole -> { });
        Recorded events = new Recorded();
        dialect.chunk(events.out, chunk("{\"content\":\"Hel\"}", null));
        dialect.end(events.out, new GatewayException(502, "server_error", "upstream_error", "The provider broke off."));
        events.parsed();
        assertEquals("response.failed", events.names.get(events.names.size() - 1));
        JsonNode failed = events.data.get(events.data.size() - 1).get("response");
        assertEquals("failed", failed.get("status").asText());
        assertEquals("upstream_error", failed.at("/error/code").asText());
        assertEquals("The provider broke off.", failed.at("/error/message").asText());
    }

    @Test
    void whatTheGatewayCannotCarryIsRefusedByName() {
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search_preview\"}]}",
                "tools[0].type", "built-in");
        assertRefused("{\"model\":\"m\",\"input\":[{\"type\":\"file_search_call\",\"id\":\"fs_1\"}]}",
                "input[0].type", "file_search_call");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"../resp_1\"}",
                "previous_response_id", "letters, numbers, underscores, or dashes");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"conv_1\"}", "conversation",
                "not supported");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"frobnicate\":1}", "frobnicate", "Unknown parameter");
        assertRefused("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":7}]}", "input[0].content",
                "but got an integer");
        assertRefused("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\","
                + "\"file_id\":\"f\"}]}]}", "input[0].content[0].type", "input_file");
        assertRefused("{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}",
                "input[0].call_id", "Missing required parameter");
        assertRefused("{\"model\":\"m\",\"input\":5}", "input", "but got an integer");
        assertRefused("{\"model\":\"m\"}", "input", "Missing required parameter");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"reasoning\":{\"effort\":\"extreme\"}}", "reasoning.effort",
                "Supported values");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"tool_choice\":{\"type\":\"web_search_preview\"}}",
                "tool_choice", "built-in");
        assertRefused("{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}",
                "text.format", "name");
    }

    private static void assertRefused(String body, String param, String says) {
        GatewayException e = assertThrows(GatewayException.class, () -> ResponsesRequestReader.toChat(request(body)),
                body);
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
        assertEquals(param, e.param(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void stringInputIsOneUserMessage() throws Exception {
        ChatRequest chat = ResponsesRequestReader.toChat(request("{\"model\":\"m\",\"input\":\"Hi\","
                + "\"temperature\":0.2,\"top_p\":0.9}"));
        assertEquals(1, chat.messages.size());
        assertEquals("user", chat.messages.get(0).role);
        assertEquals("Hi", chat.messages.get(0).text());
        assertEquals(0.2, chat.temperature);
        assertEquals(0.9, chat.topP);
        assertNull(chat.stream);
    }

    private static ResponsesRequest request(String json) throws Exception {
        return io.camelgateway.api.Json.MAPPER.readValue(json, ResponsesRequest.class);
    }

    private static ChatCompletionChunk chunk(String delta, String finishReason) throws Exception {
        ChatCompletionChunk chunk = new ChatCompletionChunk();
        chunk.model = "m";
        chunk.choices = List.of(new ChatCompletionChunk.Choice(0,
                Json.MAPPER.readValue(delta, ChatCompletionChunk.Delta.class), finishReason));
        return chunk;
    }

    /** The JSON with generated ids ("resp_3f...") cut to their prefix and times to 0. */
    private static JsonNode masked(Object value) {
        JsonNode tree = Json.MAPPER.valueToTree(value);
        mask(tree);
        return tree;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> { });
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if ((name.equals("id") || name.equals("item_id")) && value.isTextual()
                        && value.asText().matches("(resp|msg|fc|rs)_[0-9a-f]{32}")) {
                    object.put(name, value.asText().substring(0, value.asText().indexOf('_') + 1) + "*");
                } else if (name.equals("created_at")) {
                    object.put(name, 0);
                } else {
                    mask(value);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(ResponsesTranslationTest::mask);
        }
    }

    /** The events written, as a caller parses them: each "event:" name and its "data:" JSON. */
    private static final class Recorded {
        final ByteBuf out = Unpooled.buffer();
        final List<String> names = new ArrayList<>();
        final List<JsonNode> data = new ArrayList<>();

        Recorded parsed() throws Exception {
            names.clear();
            data.clear();
            for (String event : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
                String[] lines = event.split("\n");
                assertEquals(2, lines.length, event);
                assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), event);
                names.add(lines[0].substring(7));
                data.add(Json.tree(lines[1].substring(6)));
            }
            return this;
        }
    }
}
