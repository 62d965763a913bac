package io.camelgateway.metering;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.camelgateway.component.LlmCall;
import io.camelgateway.store.Database;
import io.camelgateway.store.StoreSettings;
import io.camelgateway.store.UsageRepository;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch of ended requests reaches the store summed per day, team, caller and model, none lost or counted twice. */
class UsageRecorderTest {

    @Test
    void aBatchIsSummedPerTeamCallerAndModel() {
        try (Database store = Database.open(new StoreSettings("jdbc:h2:mem:recorder-" + System.nanoTime()
                + ";DB_CLOSE_DELAY=-1", null, null, 2))) {
            UsageRepository usage = new UsageRepository(store);
            UsageRecorder recorder = new UsageRecorder(usage, 100, Duration.ofHours(1), new SimpleMeterRegistry());
            for (int i = 0; i < 3; i++) {
                recorder.ended(ended("alice", "research", "openai/gpt-4o-mini", 100, 10, 0.5));
            }
            recorder.ended(ended("carol", null, "openai/gpt-4o-mini", 7, 3, 0.25)); // no team
            recorder.ended(ended("bob", "research", "anthropic/claude-sonnet-4-5", 20, 2, 1.0));
            recorder.ended(ended("carol", null, "openai/gpt-4o-mini", 1, 1, 0.125));
            recorder.close(); // writes what waits

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            List<UsageRepository.Sum> sums = usage.sums(today.minusDays(1), today, List.of("team", "key", "model"));
            assertEquals(List.of(
                    Map.of("team", "none", "key", "carol", "model", "openai/gpt-4o-mini"),
                    Map.of("team", "research", "key", "alice", "model", "openai/gpt-4o-mini"),
                    Map.of("team", "research", "key", "bob", "model", "anthropic/claude-sonnet-4-5")),
                    sums.stream().map(UsageRepository.Sum::groups).toList());
            assertEquals(List.of(2L, 3L, 1L), sums.stream().map(UsageRepository.Sum::requests).toList());
            assertEquals(List.of(8L, 300L, 20L), sums.stream().map(UsageRepository.Sum::inputTokens).toList());
            assertEquals(List.of(4L, 30L, 2L), sums.stream().map(UsageRepository.Sum::outputTokens).toList());
            assertEquals(List.of(0.375, 1.5, 1.0), sums.stream().map(UsageRepository.Sum::costUsd).toList());
        }
    }

    private static RequestRecord ended(String caller, String team, String model, int input, int output, double usd) {
        RequestRecord record = new RequestRecord("req", "chat", "/v1/chat/completions");
        record.add(new LlmCall(null, LlmCall.CHAT, model, input, output, null, 1_000_000L, -1), usd);
        record.end(new RequestRecord.Outcome(caller, team, "key", model, null, null, null, 1, "openai", model, 200,
                null, 1_000_000));
        return record;
    }
}
