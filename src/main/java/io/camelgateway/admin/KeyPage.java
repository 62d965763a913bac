package io.camelgateway.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A page of GET /admin/v1/keys, shaped as OpenAI's paginated lists: ask for the next with ?after=last_id. */
@JsonPropertyOrder({"object", "data", "first_id", "last_id", "has_more"})
public record KeyPage(String object, List<KeyView> data, @JsonProperty("first_id") String firstId,
                      @JsonProperty("last_id") String lastId, @JsonProperty("has_more") boolean hasMore) {

    static KeyPage of(List<KeyView> keys, boolean hasMore) {
        return new KeyPage("list", keys, keys.isEmpty() ? null : keys.get(0).id(),
                keys.isEmpty() ? null : keys.get(keys.size() - 1).id(), hasMore);
    }
}
