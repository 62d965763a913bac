package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: {"error":{"message","type","param","code"}}. */
public class ApiError {
    public final Body error;

    public ApiError(String message, String type, String param, String code) {
        this.error = new Body(message, type, param, code);
    }

    public static ApiError of(GatewayException e) {
        return new ApiError(e.getMessage(), e.type(), e.param(), e.code());
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public static class Body {
        public final String message;
        public final String type;
        public final String param;
        public final String code;

        Body(String message, String type, String param, String code) {
            this.message = message;
            this.type = type;
            this.param = param;
            this.code = code;
        }
    }
}
