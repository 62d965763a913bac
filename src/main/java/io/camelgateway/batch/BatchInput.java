package io.camelgateway.batch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.camelgateway.api.GatewayException;
import io.camelgateway.api.Json;
import io.camelgateway.http.ClientText;

/**
 * Reads a batch input file: JSON Lines, each {"custom_id","method":"POST","url","body"} with a custom_id unique
 * in the file and a url the gateway runs in batches. The first bad line is a 400 that names it.
 */
public final class BatchInput {
    public static final String CHAT = "/v1/chat/completions";
    public static final Set<String> URLS = Set.of(CHAT, "/v1/embeddings");
    private static final int LONGEST_CUSTOM_ID = 512;

    private BatchInput() {
    }

    /** @param maxLines the most requests a file may hold */
    public static List<InputLine> read(byte[] content, int maxLines) {
        List<InputLine> lines = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        int number = 0;
        for (String line : (Iterable<String>) utf8(content).lines()::iterator) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (lines.size() == maxLines) {
                throw invalid(number, "the file has more than " + maxLines + " requests, the most a batch takes");
            }
            InputLine parsed = parse(number, line);
            if (!customIds.add(parsed.customId())) {
                throw invalid(number, "custom_id '" + ClientText.printable(parsed.customId(), 100) + "' is used by an earlier line; each "
                        + "line needs its own");
            }
            lines.add(parsed);
        }
        if (lines.isEmpty()) {
            throw GatewayException.invalidRequest("file", "The file has no requests: a batch input file holds one "
                    + "JSON request per line.");
        }
        return lines;
    }

    private static InputLine parse(int number, String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw invalid(number, "the line is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid(number, "the line must be a JSON object");
        }
        JsonNode customId = node.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.asText().isEmpty()
                || customId.asText().length() > LONGEST_CUSTOM_ID) {
            throw invalid(number, "custom_id must be a non-empty string of at most " + LONGEST_CUSTOM_ID
                    + " characters");
        }
        JsonNode method = node.get("method");
        if (method == null || !"POST".equals(method.asText(null))) {
            throw invalid(number, "method must be POST");
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual() || !URLS.contains(url.asText())) {
            throw invalid(number, "url must be /v1/chat/completions or /v1/embeddings");
        }
        JsonNode body = node.get("body");
        if (body == null || !body.isObject()) {
            throw invalid(number, "body must be a JSON object, the request to send");
        }
        return new InputLine(number, customId.asText(), url.asText(), body.toString());
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw GatewayException.invalidRequest("file", "The file is not UTF-8 text.");
        }
    }

    private static GatewayException invalid(int line, String problem) {
        return GatewayException.invalidRequest("file", "Invalid batch input file, line " + line + ": " + problem
                + ".");
    }
}
