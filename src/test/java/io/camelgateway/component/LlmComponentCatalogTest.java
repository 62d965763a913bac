package io.camelgateway.component;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.camelgateway.api.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Camel's tooling and catalog say about llm: comes from the component's own annotations. */
class LlmComponentCatalogTest {

    @Test
    void catalogDescribesTheEndpointItsOptionsAndHeaders() throws Exception {
        try (CatalogCamelContext context = new DefaultCamelContext()) {
            String schema = context.getComponentParameterJsonSchema("llm");
            assertNotNull(schema, "no JSON descriptor for llm: on the classpath");
            JsonNode json = Json.tree(schema);

            JsonNode component = json.get("component");
            assertEquals("llm:provider", component.get("syntax").asText());
            assertTrue(component.get("producerOnly").asBoolean());
            assertEquals("ai", component.get("label").asText());

            JsonNode options = json.get("properties");
            assertEquals("path", options.get("provider").get("kind").asText());
            assertTrue(options.get("provider").get("required").asBoolean());
            for (String option : new String[] {"model", "timeout"}) {
                assertEquals("parameter", options.get(option).get("kind").asText(), option);
                assertFalse(options.get(option).get("description").asText().isBlank(), option);
            }

            JsonNode headers = json.get("headers");
            for (String header : new String[] {LlmConstants.PROVIDER, LlmConstants.MODEL, LlmConstants.ATTEMPTS}) {
                assertTrue(headers.has(header), header + " in " + headers);
            }
        }
    }
}
