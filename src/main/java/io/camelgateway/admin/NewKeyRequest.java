package io.camelgateway.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The body of POST /admin/v1/keys. */
public class NewKeyRequest {
    public String name;
    public String team;
    public List<String> roles;
    /** Unix seconds. */
    @JsonProperty("expires_at")
    public Long expiresAt;
    /** Seconds, or "90d", "12h", "30m", "45s". */
    public JsonNode ttl;
}
