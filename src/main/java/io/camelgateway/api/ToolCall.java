package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A function call the model asked for; in stream deltas {@link #index} says which call a fragment belongs to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ToolCall {
    public Integer index;
    public String id;
    public String type;
    public FunctionCall function;

    public static ToolCall of(String id, String name, String arguments) {
        ToolCall c = new ToolCall();
        c.id = id;
        c.type = "function";
        c.function = new FunctionCall(name, arguments);
        return c;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class FunctionCall {
        public String name;
        /** The arguments as a JSON text, exactly as OpenAI sends them. */
        public String arguments;

        public FunctionCall() {
        }

        public FunctionCall(String name, String arguments) {
            this.name = name;
            this.arguments = arguments;
        }
    }
}
