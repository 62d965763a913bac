package io.camelgateway.http;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.apache.camel.Exchange;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;

/**
 * Reads a request body into a canonical type once. A body that is not one JSON value is a 400 that says so; valid
 * JSON that does not fit the type is a 400 that names the field and what is wrong with it.
 */
public final class JsonBodyReader {
    private JsonBodyReader() {
    }

    public static <T> T read(Exchange exchange, Class<T> type) {
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body == null) {
            throw GatewayException.invalidRequest(null, "The request body is empty; send a JSON object.");
        }
        boolean valueRead = false;
        try (body; JsonParser parser = Json.MAPPER.createParser(body)) {
            T value = Json.MAPPER.readValue(parser, type);
            if (value == null) {
                throw GatewayException.invalidRequest(null, "The request body is empty; send a JSON object.");
            }
            valueRead = true;
            if (parser.nextToken() != null) {
                throw moreThanOneValue();
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw GatewayException.invalidRequest(field.isEmpty() ? null : field, field.isEmpty()
                    ? "The request body must be a JSON object."
                    : "Invalid type for '" + field + "': " + expected(e) + ".");
        } catch (JsonMappingException e) {
            String field = path(e);
            String what = e.getCause() instanceof InputCoercionException range
                    ? ": the number is out of range for " + (range.getTargetType() == Long.TYPE ? "a 64" : "a 32")
                    + "-bit integer." : ".";
            throw GatewayException.invalidRequest(field.isEmpty() ? null : field, field.isEmpty()
                    ? "The request body does not fit the API's request object" + what
                    : "Invalid value for '" + field + "'" + what);
        } catch (JsonProcessingException e) {
            if (valueRead) {
                throw moreThanOneValue();
            }
            throw GatewayException.invalidRequest(null, "We could not parse the JSON body of your request. "
                    + "The gateway expects a JSON payload, but what was sent was not valid JSON.");
        } catch (IOException e) {
            throw GatewayException.invalidRequest(null, "The request body could not be read.");
        }
    }

    private static GatewayException moreThanOneValue() {
        return GatewayException.invalidRequest(null, "The request body must be one JSON object, with nothing "
                + "after it; something follows the object.");
    }

    /** The JSON path of the failing value, as "messages[0].content". */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "unexpected value";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "expected an integer";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "expected a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "expected a boolean";
        }
        if (target == String.class) {
            return "expected a string";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "expected an array";
        }
        if (target.getSimpleName().equals("MessageContent")) {
            return "expected a string or an array of content parts";
        }
        return "expected an object";
    }
}
