package io.camelgateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's model list and model objects. */
public class ModelList {
    public final String object = "list";
    public final List<Model> data;

    public ModelList(List<Model> data) {
        this.data = data;
    }

    public static class Model {
        public final String id;
        public final String object = "model";
        public final long created;
        @JsonProperty("owned_by")
        public final String ownedBy;

        public Model(String id, long created, String ownedBy) {
            this.id = id;
            this.created = created;
            this.ownedBy = ownedBy;
        }
    }
}
