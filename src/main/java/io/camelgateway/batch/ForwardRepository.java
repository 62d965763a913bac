package io.camelgateway.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.camelgateway.store.Database;

/**
 * The batches forwarded to a provider's own batch API, and where each hand-over stands. A batch is sent to its
 * provider once: only the instance that moves it from pending to submitting sends it ({@link #startSubmitting}).
 */
public final class ForwardRepository {
    public static final String PENDING = "pending";
    public static final String SUBMITTING = "submitting";
    public static final String SUBMITTED = "submitted";
    public static final String DONE = "done";

    private final Database store;

    public ForwardRepository(Database store) {
        this.store = store;
    }

    /** A forwarded batch as this instance holds it. */
    public record Forward(String batchId, String provider, String state, String providerBatchId,
                          String providerStatus, boolean cancelSent) {
    }

    /** Marks a batch, in the transaction that inserts it, as one its provider's batch API runs. */
    static void insert(Connection connection, String batchId, String provider) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_forwards (batch_id, provider, "
                + "state, cancel_sent) VALUES (?, ?, 'pending', FALSE)")) {
            insert.setString(1, batchId);
            insert.setString(2, provider);
            insert.executeUpdate();
        }
    }

    /** Takes (or renews) the lease of every forward not done whose lease is free, lapsed or this instance's. */
    public List<Forward> claim(String instance, Instant now, Instant until) {
        return store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batch_forwards SET lease_owner = ?, "
                    + "lease_until = ? WHERE state <> 'done' AND (lease_owner IS NULL OR lease_owner = ? "
                    + "OR lease_until < ?)")) {
                update.setString(1, instance);
                update.setTimestamp(2, Timestamp.from(until));
                update.setString(3, instance);
                update.setTimestamp(4, Timestamp.from(now));
                update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT batch_id, provider, state, "
                    + "provider_batch_id, provider_status, cancel_sent FROM batch_forwards WHERE lease_owner = ? "
                    + "AND state <> 'done' ORDER BY batch_id")) {
                select.setString(1, instance);
                List<Forward> forwards = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        forwards.add(new Forward(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getBoolean(6)));
                    }
                }
                return forwards;
            }
        });
    }

    /** Gives up this instance's leases at a clean stop. */
    public void release(String instance) {
        update("UPDATE batch_forwards SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", instance);
    }

    /** @return whether this caller moved the batch from pending to submitting, and so is the one to send it */
    public boolean startSubmitting(String batchId) {
        return update("UPDATE batch_forwards SET state = 'submitting' WHERE batch_id = ? AND state = 'pending'",
                batchId) == 1;
    }

    /** Back to pending: nothing reached the provider (a failed upload, a batch the provider does not have). */
    public void notSubmitted(String batchId) {
        update("UPDATE batch_forwards SET state = 'pending' WHERE batch_id = ? AND state = 'submitting'", batchId);
    }

    public void submitted(String batchId, String providerBatchId, String providerStatus) {
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batch_forwards SET state = "
                    + "'submitted', provider_batch_id = ?, provider_status = ? WHERE batch_id = ?")) {
                update.setString(1, providerBatchId);
                update.setString(2, providerStatus);
                update.setString(3, batchId);
                update.executeUpdate();
            }
            return null;
        });
    }

    public void providerStatus(String batchId, String providerStatus) {
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE batch_forwards SET provider_status = ? WHERE batch_id = ?")) {
                update.setString(1, providerStatus);
                update.setString(2, batchId);
                update.executeUpdate();
            }
            return null;
        });
    }

    public void cancelSent(String batchId) {
        update("UPDATE batch_forwards SET cancel_sent = TRUE WHERE batch_id = ?", batchId);
    }

    public void done(String batchId) {
        update("UPDATE batch_forwards SET state = 'done', lease_owner = NULL, lease_until = NULL WHERE batch_id = ?",
                batchId);
    }

    /** The gateway runs the batch itself after all (its lines no longer all go to one such provider). */
    public void runLocally(String batchId) {
        update("DELETE FROM batch_forwards WHERE batch_id = ? AND state IN ('pending', 'submitting')", batchId);
    }

    private int update(String sql, String value) {
        return store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, value);
                return update.executeUpdate();
            }
        });
    }
}
