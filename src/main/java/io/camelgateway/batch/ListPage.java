package io.camelgateway.batch;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.camel.Exchange;

import io.camelgateway.admin.AdminKeys;
import io.camelgateway.api.GatewayException;

/** A page of a list of files, batches or a response's input items, shaped as OpenAI's paginated lists: the next is ?after=last_id. */
@JsonPropertyOrder({"object", "data", "first_id", "last_id", "has_more"})
public record ListPage<T>(String object, List<T> data, @JsonProperty("first_id") String firstId,
                          @JsonProperty("last_id") String lastId, @JsonProperty("has_more") boolean hasMore) {

    /** @param items one more than the page holds when there are more */
    public static <S, T> ListPage<T> of(List<S> items, int limit, Function<S, String> id, Function<S, T> view) {
        List<S> shown = items.stream().limit(limit).toList();
        return new ListPage<>("list", shown.stream().map(view).toList(),
                shown.isEmpty() ? null : id.apply(shown.get(0)),
                shown.isEmpty() ? null : id.apply(shown.get(shown.size() - 1)), items.size() > limit);
    }

    /** The ?limit of a list request: a whole number from 1 to most, or the default. */
    public static int limit(Exchange exchange, int byDefault, int most) {
        String text = AdminKeys.query(exchange, "limit");
        if (text == null) {
            return byDefault;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > most) {
            throw GatewayException.invalidRequest("limit", "'limit' must be a whole number from 1 to " + most + ".");
        }
        return limit;
    }
}
