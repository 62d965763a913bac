package io.camelgateway.routing.semantic;

import java.util.List;

/**
 * One thing a prompt can be about, as the user declared it in the intents file.
 *
 * @param keywords words or phrases that decide it in tier 1 (case-insensitive, whole words)
 * @param patterns Java regular expressions that decide it in tier 1
 */
public record Intent(String name, String description, List<String> examples, List<String> keywords,
                     List<String> patterns) {
}
