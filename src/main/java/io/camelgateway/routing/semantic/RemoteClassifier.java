package io.camelgateway.routing.semantic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.camelgateway.api.ChatCompletion;
import io.camelgateway.api.ChatMessage;
import io.camelgateway.api.ChatRequest;

/**
 * Tier 3 through any model the gateway can reach: it asks the model, at temperature 0, to name the intent, and
 * takes the first intent name in the answer. A remote API gives no constrained choice, so an answer that names no
 * intent is a failure (the router keeps tier 2's guess). Costs a provider call; the time budget bounds it.
 */
public final class RemoteClassifier implements IntentClassifier {
    private final String model;
    private final Function<ChatRequest, ChatCompletion> call;

    /** @param call sends a chat request through the gateway's provider path (credentials included) */
    public RemoteClassifier(String model, Function<ChatRequest, ChatCompletion> call) {
        this.model = model;
        this.call = call;
    }

    @Override
    public Map<String, Double> classify(String text, List<Intent> intents) {
        ChatRequest request = new ChatRequest();
        request.model = model;
        request.temperature = 0.0;
        request.maxTokens = 16;
        request.messages = new ArrayList<>(List.of(new ChatMessage("system", ClassifierPrompt.instruction(intents)),
                new ChatMessage("user", text)));
        ChatCompletion completion = call.apply(request);
        String answer = completion == null || completion.choices == null || completion.choices.isEmpty()
                || completion.choices.get(0).message == null ? null : completion.choices.get(0).message.text();
        String intent = firstIntentNamed(answer, intents);
        if (intent == null) {
            throw new IllegalStateException("the classifier model answered '" + shorten(answer)
                    + "', which names no intent");
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(intent, 1.0);
        return scores;
    }

    /** The intent whose name appears first in the answer; "Customer finance" and "customer-finance" count. */
    static String firstIntentNamed(String answer, List<Intent> intents) {
        if (answer == null) {
            return null;
        }
        String normalized = " " + answer.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        String first = null;
        int at = Integer.MAX_VALUE;
        for (Intent intent : intents) {
            String name = " " + intent.name().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
            int index = normalized.indexOf(name);
            if (index >= 0 && (index < at || index == at && name.length() > first.length())) {
                first = intent.name();
                at = index;
            }
        }
        return first;
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    @Override
    public String describe() {
        return "remote:" + model;
    }
}
