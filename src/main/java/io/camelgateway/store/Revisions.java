package io.camelgateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The store's change counters, one per kind of record (gateway_revisions): a write bumps its kind's counter in its
 * own transaction and stamps the rows it wrote with the new value, so that every instance finds what changed since
 * it last looked with one indexed query.
 */
public final class Revisions {
    private Revisions() {
    }

    /** Bumps the topic's counter within the connection's transaction, and returns its new value. */
    public static long next(Connection connection, String topic) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE gateway_revisions SET revision = revision + 1 WHERE topic = ?")) {
            bump.setString(1, topic);
            if (bump.executeUpdate() != 1) {
                throw new SQLException("No revision counter for " + topic + ": is the schema migrated?");
            }
        }
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT revision FROM gateway_revisions WHERE topic = ?")) {
            read.setString(1, topic);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
