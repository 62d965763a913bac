package io.camelgateway.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage totals in the store: rows of summed requests, tokens and cost per day, team, caller and model, added in
 * batches ({@link #add}), and their sums over a range of days grouped as asked ({@link #sums}).
 */
public final class UsageRepository {
    /** What usage can be grouped by, as the admin API names it, and its column. */
    public static final Map<String, String> GROUPS = Map.of("team", "team", "key", "caller", "model", "model",
            "day", "usage_day");

    private final Database store;

    public UsageRepository(Database store) {
        this.store = store;
    }

    /** One row to add: what a day's requests by a caller of a team to a model used. */
    public record Total(LocalDate day, String team, String caller, String model, long requests, long inputTokens,
                        long outputTokens, double costUsd) {
    }

    /** A group's sums; {@code groups} has a value per grouping asked, by its admin API name. */
    public record Sum(Map<String, String> groups, long requests, long inputTokens, long outputTokens,
                      double costUsd) {
    }

    /** Adds the rows in one transaction, as one batch. */
    public void add(List<Total> totals) {
        if (totals.isEmpty()) {
            return;
        }
        store.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_totals (usage_day, team, caller, "
                    + "model, requests, input_tokens, output_tokens, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Total t : totals) {
                    insert.setDate(1, Date.valueOf(t.day()));
                    insert.setString(2, t.team());
                    insert.setString(3, t.caller());
                    insert.setString(4, t.model());
                    insert.setLong(5, t.requests());
                    insert.setLong(6, t.inputTokens());
                    insert.setLong(7, t.outputTokens());
                    insert.setDouble(8, t.costUsd());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * The sums from the first day to the last (both included), one per combination of the groups, in their order.
     *
     * @param groupBy names from {@link #GROUPS}; checked by the caller
     */
    public List<Sum> sums(LocalDate from, LocalDate to, List<String> groupBy) {
        List<String> columns = groupBy.stream().map(GROUPS::get).toList();
        String selected = columns.isEmpty() ? "" : String.join(", ", columns) + ", ";
        String grouped = columns.isEmpty() ? "" : " GROUP BY " + String.join(", ", columns) + " ORDER BY "
                + String.join(", ", columns);
        String sql = "SELECT " + selected + "SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd) "
                + "FROM usage_totals WHERE usage_day >= ? AND usage_day <= ?" + grouped;
        return store.transaction(connection -> query(connection, sql, from, to, groupBy));
    }

    private static List<Sum> query(Connection connection, String sql, LocalDate from, LocalDate to,
                                   List<String> groupBy) throws java.sql.SQLException {
        List<Sum> sums = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setDate(1, Date.valueOf(from));
            select.setDate(2, Date.valueOf(to));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, String> groups = new LinkedHashMap<>();
                    for (int i = 0; i < groupBy.size(); i++) {
                        groups.put(groupBy.get(i), "day".equals(groupBy.get(i))
                                ? rows.getDate(i + 1).toLocalDate().toString() : rows.getString(i + 1));
                    }
                    int n = groupBy.size();
                    if (rows.getObject(n + 1) == null) {
                        continue; // no rows at all: SUM over nothing is one row of nulls
                    }
                    sums.add(new Sum(groups, rows.getLong(n + 1), rows.getLong(n + 2), rows.getLong(n + 3),
                            rows.getDouble(n + 4)));
                }
            }
        }
        return sums;
    }
}
