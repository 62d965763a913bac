package io.camelgateway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of PATCH /admin/v1/keys/{id}: only the fields present change. A null team removes the key's team; a null
 * expires_at lets it never expire.
 */
public class KeyChangeRequest {
    String name;
    boolean nameGiven;
    String team;
    boolean teamGiven;
    Long expiresAt;
    JsonNode ttl;
    boolean expiryGiven;

    @JsonProperty("name")
    void setName(String name) {
        this.name = name;
        nameGiven = true;
    }

    @JsonProperty("team")
    void setTeam(String team) {
        this.team = team;
        teamGiven = true;
    }

    @JsonProperty("expires_at")
    void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
        expiryGiven = true;
    }

    @JsonProperty("ttl")
    void setTtl(JsonNode ttl) {
        this.ttl = ttl == null || ttl.isNull() ? null : ttl;
        expiryGiven = true;
    }
}
