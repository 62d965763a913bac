package io.camelgateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The budgets' spend in the store (table budget_spend): added to in batches, read at start. */
public final class SpendRepository {
    private final Database database;

    public SpendRepository(Database database) {
        this.database = database;
    }

    /** One scope's spend in one period, in billionths of a USD. */
    public record Spend(String scope, String period, long nanoUsd) {
    }

    /** Adds each amount to its row (creating it), all in one transaction. */
    public void add(Collection<Spend> amounts) {
        if (amounts.isEmpty()) {
            return;
        }
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE budget_spend SET spent_nano_usd = spent_nano_usd + ? WHERE scope = ? AND period = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO budget_spend (scope, period, spent_nano_usd) VALUES (?, ?, ?)")) {
                for (Spend amount : amounts) {
                    update.setLong(1, amount.nanoUsd());
                    update.setString(2, amount.scope());
                    update.setString(3, amount.period());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, amount.scope());
                        insert.setString(2, amount.period());
                        insert.setLong(3, amount.nanoUsd());
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** Every scope's spend in these periods. */
    public List<Spend> inPeriods(List<String> periods) {
        return database.transaction(connection -> {
            String marks = String.join(", ", periods.stream().map(p -> "?").toList());
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT scope, period, spent_nano_usd FROM budget_spend WHERE period IN (" + marks + ")")) {
                for (int i = 0; i < periods.size(); i++) {
                    query.setString(i + 1, periods.get(i));
                }
                List<Spend> result = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        result.add(new Spend(rows.getString(1), rows.getString(2), rows.getLong(3)));
                    }
                }
                return result;
            }
        });
    }
}
