package io.camelgateway.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage totals add up in the store, by any grouping and range of days, on H2 and on a real PostgreSQL. */
class UsageRepositoryTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);

    private static Database open(String kind) {
        if ("postgres".equals(kind)) {
            PostgresServer postgres = PostgresServer.shared();
            return Database.open(new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 2));
        }
        return Database.open(new StoreSettings("jdbc:h2:mem:usage-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                null, null, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void totalsAddUpByTeamKeyModelAndDay(String kind) {
        try (Database store = open(kind)) {
            UsageRepository usage = new UsageRepository(store);
            usage.add(List.of(
                    new UsageRepository.Total(MONDAY, "research", "alice", "openai/gpt-4o-mini", 2, 100, 50, 0.25),
                    new UsageRepository.Total(MONDAY, "research", "bob", "anthropic/claude-sonnet-4-5", 1, 10, 5, 1.0),
                    new UsageRepository.Total(TUESDAY, "research", "alice", "openai/gpt-4o-mini", 3, 30, 20, 0.5)));
            usage.add(List.of(
                    new UsageRepository.Total(TUESDAY, "sales", "carol", "openai/gpt-4o-mini", 1, 7, 3, 0.125)));

            List<UsageRepository.Sum> byTeam = usage.sums(MONDAY, TUESDAY, List.of("team"));
            assertEquals(2, byTeam.size());
            assertEquals(Map.of("team", "research"), byTeam.get(0).groups());
            assertEquals(6, byTeam.get(0).requests());
            assertEquals(140, byTeam.get(0).inputTokens());
            assertEquals(75, byTeam.get(0).outputTokens());
            assertEquals(1.75, byTeam.get(0).costUsd(), 1e-12);
            assertEquals(0.125, byTeam.get(1).costUsd(), 1e-12);

            List<UsageRepository.Sum> byKeyAndDay = usage.sums(MONDAY, TUESDAY, List.of("key", "day"));
            assertEquals(List.of(Map.of("key", "alice", "day", "2026-03-02"), Map.of("key", "alice", "day",
                    "2026-03-03"), Map.of("key", "bob", "day", "2026-03-02"), Map.of("key", "carol", "day",
                    "2026-03-03")), byKeyAndDay.stream().map(UsageRepository.Sum::groups).toList());

            List<UsageRepository.Sum> tuesdayByModel = usage.sums(TUESDAY, TUESDAY, List.of("model"));
            assertEquals(1, tuesdayByModel.size());
            assertEquals(4, tuesdayByModel.get(0).requests());
            assertEquals(0.625, tuesdayByModel.get(0).costUsd(), 1e-12);

            List<UsageRepository.Sum> all = usage.sums(MONDAY, TUESDAY, List.of());
            assertEquals(1, all.size());
            assertEquals(1.875, all.get(0).costUsd(), 1e-12);
            assertTrue(usage.sums(TUESDAY.plusDays(1), TUESDAY.plusDays(9), List.of()).isEmpty());
        }
    }
}
