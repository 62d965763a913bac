package example;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.camelgateway.GatewayConfiguration;
import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

/** An application's own route that asks a model through the gateway's beans and its llm: component. */
public class AskAModel {

    public static void main(String[] args) throws Exception {
        System.out.println(ask(new GatewayConfiguration(), "openai/gpt-4o-mini", "Hello"));
    }

    public static String ask(GatewayConfiguration gateway, String model, String question) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            gateway.configure(context); // reads gateway.yaml (GATEWAY_CONFIG), binds the beans and llm:
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask")
                            .process("modelResolver")      // "openai/gpt-4o-mini" or an alias: provider and model
                            .process("credentialEnricher") // the gateway's own credential for that provider
                            .toD("llm:${exchangeProperty.CamelGatewayProvider}");
                }
            });
            context.start();

            ChatRequest request = new ChatRequest();
            request.model = model;
            request.messages = List.of(new ChatMessage("user", question));
            ChatCompletion answer = context.createProducerTemplate()
                    .requestBody("direct:ask", request, ChatCompletion.class);
            return answer.choices.get(0).message.text();
        }
    }
}
