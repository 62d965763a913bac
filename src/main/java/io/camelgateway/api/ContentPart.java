package io.camelgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** One part of multi-part content: {"type":"text","text":...} or {"type":"image_url","image_url":{"url":...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ContentPart {
    public String type;
    public String text;
    @JsonProperty("image_url")
    public ImageUrl imageUrl;
    /**
     * Anthropic's prompt-caching mark ({"type":"ephemeral"}, optionally with "ttl") on the part that ends a cached
     * prefix. Kept for Anthropic; other providers cache on their own and never see it.
     */
    @JsonProperty("cache_control")
    public JsonNode cacheControl;

    public static ContentPart text(String text) {
        ContentPart p = new ContentPart();
        p.type = "text";
        p.text = text;
        return p;
    }

    public static ContentPart image(String url) {
        ContentPart p = new ContentPart();
        p.type = "image_url";
        p.imageUrl = new ImageUrl();
        p.imageUrl.url = url;
        return p;
    }

    public boolean carriesImage() {
        return "image_url".equals(type) && imageUrl != null && imageUrl.url != null;
    }

    @Override
    public String toString() {
        return carriesImage() ? "[image]" : String.valueOf(text);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ImageUrl {
        public String url;
        public String detail;

        /** For a data URL ("data:image/png;base64,...") its media type, otherwise null. */
        public String dataMediaType() {
            if (url == null || !url.startsWith("data:")) {
                return null;
            }
            int semi = url.indexOf(';');
            return semi > 5 ? url.substring(5, semi) : null;
        }

        /** For a data URL its base64 payload, otherwise null. */
        public String dataBase64() {
            if (url == null || !url.startsWith("data:")) {
                return null;
            }
            int comma = url.indexOf(',');
            return comma > 0 ? url.substring(comma + 1) : null;
        }
    }
}
