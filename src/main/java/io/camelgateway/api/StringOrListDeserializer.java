package io.camelgateway.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/** Reads OpenAI's "a string or an array of strings" fields (such as stop) as a list. */
public class StringOrListDeserializer extends JsonDeserializer<List<String>> {
    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        List<String> values = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            values.add(p.getText());
            return values;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return (List<String>) ctxt.handleUnexpectedToken(List.class, p);
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (List<String>) ctxt.handleUnexpectedToken(String.class, p);
            }
            values.add(p.getText());
        }
        return values;
    }
}
