package io.camelgateway.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * One request the provider simulator received (control requests under {@code /_sim/} are not recorded).
 *
 * @param method  the HTTP method, e.g. POST
 * @param path    the path without the query
 * @param query   the raw query string without '?', or null when there is none
 * @param headers the headers with lower-case names (repeated headers joined with ", ")
 * @param body    the body as UTF-8 text (empty when there is none)
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of a header (the name is matched case-insensitively), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
