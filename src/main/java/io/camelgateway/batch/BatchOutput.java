package io.camelgateway.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelgateway.api.Json;

/**
 * A finished batch's output file (lines answered with a 2xx) and error file (the others), in OpenAI's line shape:
 * {"id","custom_id","response":{"status_code","request_id","body"},"error"}; a line never run (its batch cancelled
 * or expired) has no response and an error {"code","message"}.
 */
final class BatchOutput {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    static BatchOutput of(List<BatchRepository.Answer> answers) {
        BatchOutput files = new BatchOutput();
        for (BatchRepository.Answer answer : answers) {
            boolean ok = answer.statusCode() >= 200 && answer.statusCode() < 300;
            files.write(ok ? files.output : files.errors, line(answer));
        }
        return files;
    }

    /** The output file's content, or null when no line succeeded. */
    byte[] output() {
        return output.size() == 0 ? null : output.toByteArray();
    }

    /** The error file's content, or null when no line failed. */
    byte[] errors() {
        return errors.size() == 0 ? null : errors.toByteArray();
    }

    private void write(ByteArrayOutputStream file, JsonNode line) {
        file.writeBytes(Json.write(line));
        file.write('\n');
    }

    private static JsonNode line(BatchRepository.Answer answer) {
        ObjectNode line = Json.object();
        line.put("id", "batch_" + answer.requestId()); // requestId is req_<hex>
        line.put("custom_id", answer.customId());
        JsonNode body = tree(answer.body());
        if (answer.statusCode() == BatchRepository.Answer.NOT_RUN) {
            line.putNull("response");
            line.set("error", body);
        } else {
            ObjectNode response = line.putObject("response");
            response.put("status_code", answer.statusCode());
            response.put("request_id", answer.requestId());
            response.set("body", body);
            line.putNull("error");
        }
        return line;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.tree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A batch line's answer in the store is not JSON", e);
        }
    }
}
