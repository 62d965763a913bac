package io.camelgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The format-independent part of the simulator: what it answers, token counts, tool arguments, embeddings. */
final class Sim {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Sim() {
    }

    /** A conversation as read from any provider format. */
    static final class Conversation {
        /** Every message text (system included), for the prompt token count. */
        final List<String> texts = new ArrayList<>();
        String lastUserText = "";
        boolean lastIsToolResult;
        String toolResultText = "";
        final List<ToolDef> tools = new ArrayList<>();
        String forcedTool;
        boolean toolChoiceNone;

        void addText(String text) {
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
        }
    }

    record ToolDef(String name, JsonNode schema) {
    }

    /** The simulated answer: a text, or a call of one tool. */
    static final class Answer {
        final String text;
        final String toolName;
        final ObjectNode toolArgs;
        final int promptTokens;
        final int completionTokens;

        Answer(String text, String toolName, ObjectNode toolArgs, int promptTokens, int completionTokens) {
            this.text = text;
            this.toolName = toolName;
            this.toolArgs = toolArgs;
            this.promptTokens = promptTokens;
            this.completionTokens = completionTokens;
        }

        boolean isToolCall() {
            return toolName != null;
        }

        String argsJson() {
            return toolArgs.toString();
        }

        int totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    static Answer answer(String format, Conversation c) {
        int prompt = 0;
        for (String t : c.texts) {
            prompt += words(t);
        }
        if (!c.tools.isEmpty() && !c.lastIsToolResult && !c.toolChoiceNone) {
            ToolDef tool = c.tools.get(0);
            if (c.forcedTool != null) {
                tool = new ToolDef(c.forcedTool, null);
                for (ToolDef t : c.tools) {
                    if (t.name().equals(c.forcedTool)) {
                        tool = t;
                        break;
                    }
                }
            }
            return new Answer(null, tool.name(), argsFromSchema(tool.schema()), prompt, 5);
        }
        String text = c.lastIsToolResult
                ? "Simulated " + format + " answer to tool result: " + c.toolResultText
                : "Simulated " + format + " answer to: " + c.lastUserText;
        return new Answer(text, null, null, prompt, words(text));
    }

    /** The number of whitespace-separated words. */
    /**
     * The simulator's signature of a thought: a provider's signature is opaque to clients and checked by the
     * provider, so one that does not match what it gave is refused, as the real APIs do.
     */
    static String signature(String thought) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(thought.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sim-sig-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int words(String s) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0, len = s.length(); i < len; i++) {
            boolean ws = Character.isWhitespace(s.charAt(i));
            if (!ws && !inWord) {
                n++;
            }
            inWord = !ws;
        }
        return n;
    }

    /** The text split into word chunks, each a word plus its following space; they concatenate to the text. */
    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length() || out.isEmpty()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** The text split into (up to) three non-empty pieces, as providers fragment streamed tool arguments. */
    static List<String> thirds(String s) {
        List<String> out = new ArrayList<>(3);
        int size = Math.max(1, (s.length() + 2) / 3);
        int start = 0;
        while (start < s.length()) {
            int end = Math.min(s.length(), start + size);
            if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
                end++;
            }
            out.add(s.substring(start, end));
            start = end;
        }
        if (out.isEmpty()) {
            out.add(s);
        }
        return out;
    }

    /**
     * The text of a message content: a string as is; for an array, the text of its text parts/blocks (OpenAI
     * {type:text}, Anthropic {type:text}, Gemini {text}) joined with a newline, as the gateway joins them.
     */
    static String joinText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String t = null;
            if (part.isTextual()) {
                t = part.textValue();
            } else if (part.isObject()) {
                JsonNode text = part.get("text");
                String type = part.path("type").asText("text");
                if (text != null && text.isTextual() && (type.equals("text") || type.equals("input_text"))) {
                    t = text.textValue();
                }
            }
            if (t != null) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    /**
     * Tool arguments built from a JSON schema: each required property (all properties when none is required) gets
     * a value by its type: string "sim", number/integer 1, boolean true, array [], object {}.
     */
    static ObjectNode argsFromSchema(JsonNode schema) {
        ObjectNode args = NODES.objectNode();
        if (schema == null || !schema.isObject()) {
            return args;
        }
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        JsonNode required = schema.get("required");
        if (required != null && required.isArray() && !required.isEmpty()) {
            required.forEach(r -> names.add(r.asText()));
        } else {
            props.fieldNames().forEachRemaining(names::add);
        }
        for (String name : names) {
            String type = typeOf(props.get(name));
            switch (type) {
                case "number", "integer" -> args.put(name, 1);
                case "boolean" -> args.put(name, true);
                case "array" -> args.putArray(name);
                case "object" -> args.putObject(name);
                case "null" -> args.putNull(name);
                default -> args.put(name, "sim");
            }
        }
        return args;
    }

    private static String typeOf(JsonNode prop) {
        if (prop == null || !prop.isObject()) {
            return "string";
        }
        JsonNode type = prop.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue().toLowerCase(java.util.Locale.ROOT);
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equalsIgnoreCase(t.asText())) {
                    return t.asText().toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        for (String alt : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = prop.get(alt);
            if (branches != null && branches.isArray()) {
                for (JsonNode b : branches) {
                    String t = typeOf(b);
                    if (!t.equals("null")) {
                        return t;
                    }
                }
            }
        }
        return "string";
    }

    /** A deterministic L2-normalised vector derived from a hash of the text. */
    static float[] embedding(String text, int dim) {
        long state = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            state ^= b & 0xff;
            state *= 0x100000001b3L;
        }
        double[] v = new double[dim];
        double sum = 0;
        for (int i = 0; i < dim; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            v[i] = ((z >>> 11) * 0x1.0p-53) * 2 - 1;
            sum += v[i] * v[i];
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = (float) (norm == 0 ? (i == 0 ? 1 : 0) : v[i] / norm);
        }
        return out;
    }

    /** Parses a request body as a JSON object, or returns null when it is not one. */
    static JsonNode parseObject(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
