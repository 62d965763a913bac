package io.camelgateway.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;

import io.camelgateway.api.Json;
import io.camelgateway.security.CallerIdentity;
import io.camelgateway.store.Database;

/**
 * Batches and their lines in the store. A line's answer is written at most once ({@link #answer}); a batch is run
 * by the one instance holding its lease ({@link #claim}).
 */
public final class BatchRepository {
    private static final String COLUMNS = "id, owner, caller, endpoint, input_file_id, completion_window, metadata, "
            + "status, total, output_file_id, error_file_id, created_at, in_progress_at, finalizing_at, "
            + "completed_at, failed_at, expires_at, expired_at, cancelling_at, cancelled_at, errors";
    private static final String RUNNABLE = "('validating', 'in_progress', 'cancelling')";
    /** A batch the gateway runs line by line: not one forwarded to its provider's batch API. */
    private static final String RUN_HERE = "NOT EXISTS (SELECT 1 FROM batch_forwards f WHERE f.batch_id = batches.id)";

    private final Database store;

    public BatchRepository(Database store) {
        this.store = store;
    }

    /** A line still to run. */
    public record PendingLine(int lineNo, String customId, String url, String request) {
    }

    /**
     * A line's answer: an HTTP status and body, or for a line never run (cancelled, expired) status 0 and the
     * error object.
     */
    public record Answer(int lineNo, String customId, int statusCode, String requestId, String body) {
        public static final int NOT_RUN = 0;
    }

    /** Inserts the batch and its lines (none for a batch that failed validation), in one transaction. */
    public void insert(Batch batch, List<InputLine> lines) {
        insert(batch, lines, null);
    }

    /**
     * Inserts the batch and its lines in one transaction, and marks it forwarded to this provider's own batch API
     * (null: the gateway runs it).
     */
    public void insert(Batch batch, List<InputLine> lines, String forwardedTo) {
        store.transaction(connection -> {
            if (forwardedTo != null) {
                ForwardRepository.insert(connection, batch.id(), forwardedTo);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batches (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Batch.Times t = batch.times();
                insert.setString(1, batch.id());
                insert.setString(2, batch.owner());
                insert.setString(3, Json.writeString(batch.caller()));
                insert.setString(4, batch.endpoint());
                insert.setString(5, batch.inputFileId());
                insert.setString(6, batch.completionWindow());
                insert.setString(7, batch.metadata() == null ? null : Json.writeString(batch.metadata()));
                insert.setString(8, batch.status());
                insert.setInt(9, batch.total());
                insert.setString(10, batch.outputFileId());
                insert.setString(11, batch.errorFileId());
                Instant[] times = {t.createdAt(), t.inProgressAt(), t.finalizingAt(), t.completedAt(), t.failedAt(),
                    t.expiresAt(), t.expiredAt(), t.cancellingAt(), t.cancelledAt()};
                for (int i = 0; i < times.length; i++) {
                    insert.setTimestamp(12 + i, times[i] == null ? null : Timestamp.from(times[i]));
                }
                insert.setString(21, batch.errors());
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_lines (batch_id, line_no, "
                    + "custom_id, url, request) VALUES (?, ?, ?, ?, ?)")) {
                for (InputLine line : lines) {
                    insert.setString(1, batch.id());
                    insert.setInt(2, line.lineNo());
                    insert.setString(3, line.customId());
                    insert.setString(4, line.url());
                    insert.setString(5, line.body());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    public Optional<Batch> find(String owner, String id) {
        return store.transaction(connection -> owned(connection, owner, id));
    }

    private Optional<Batch> owned(Connection connection, String owner, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM batches WHERE owner = ? AND id = ?")) {
            select.setString(1, owner);
            select.setString(2, id);
            return first(select);
        }
    }

    /** A batch whoever owns it, for the gateway's own work on it. */
    public Optional<Batch> byId(String id) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM batches WHERE id = ?")) {
                select.setString(1, id);
                return first(select);
            }
        });
    }

    /** The batch's first line, answered or not. */
    public PendingLine firstLine(String batchId) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT line_no, custom_id, url, request "
                    + "FROM batch_lines WHERE batch_id = ? ORDER BY line_no LIMIT 1")) {
                select.setString(1, batchId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new PendingLine(row.getInt(1), row.getString(2), row.getString(3), row.getString(4));
                }
            }
        });
    }

    /** The owner's batches, newest first, those older than the batch {@code after} (null: from the newest). */
    public List<Batch> list(String owner, String after, int limit) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE "
                    + "owner = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT " + limit)) {
                select.setString(1, owner);
                select.setString(2, after);
                select.setString(3, after);
                List<Batch> batches = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        batches.add(batch(rows));
                    }
                }
                return batches;
            }
        });
    }

    public Batch.Counts counts(Batch batch) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT "
                    + "SUM(CASE WHEN status_code >= 200 AND status_code < 300 THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN status_code IS NOT NULL AND (status_code < 200 OR status_code >= 300) "
                    + "THEN 1 ELSE 0 END) FROM batch_lines WHERE batch_id = ?")) {
                select.setString(1, batch.id());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Batch.Counts(batch.total(), row.getInt(1), row.getInt(2));
                }
            }
        });
    }

    /** Asks to cancel the owner's batch if it still runs; the runner finishes the cancellation. */
    public Optional<Batch> requestCancel(String owner, String id, Instant now) {
        return store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batches SET status = 'cancelling', "
                    + "cancelling_at = ? WHERE owner = ? AND id = ? AND status IN ('validating', 'in_progress')")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, owner);
                update.setString(3, id);
                update.executeUpdate();
            }
            return owned(connection, owner, id);
        });
    }

    /**
     * Takes (or renews) the lease of every batch that still has work and whose lease is free, lapsed or already
     * this instance's, until {@code until}; returns the batches this instance now holds.
     */
    public List<Batch> claim(String instance, Instant now, Instant until) {
        return store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batches SET lease_owner = ?, "
                    + "lease_until = ? WHERE status IN " + RUNNABLE + " AND (lease_owner IS NULL OR lease_owner = ? "
                    + "OR lease_until < ?) AND " + RUN_HERE)) {
                update.setString(1, instance);
                update.setTimestamp(2, Timestamp.from(until));
                update.setString(3, instance);
                update.setTimestamp(4, Timestamp.from(now));
                update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM batches "
                    + "WHERE lease_owner = ? AND status IN " + RUNNABLE + " AND " + RUN_HERE + " ORDER BY id")) {
                select.setString(1, instance);
                List<Batch> batches = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        batches.add(batch(rows));
                    }
                }
                return batches;
            }
        });
    }

    /** Gives up this instance's leases, so that another instance (or this one restarted) takes them at once. */
    public void release(String instance) {
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE batches SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?")) {
                update.setString(1, instance);
                update.executeUpdate();
            }
            return null;
        });
    }

    public void markInProgress(String id, Instant now) {
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batches SET status = 'in_progress', "
                    + "in_progress_at = ? WHERE id = ? AND status = 'validating'")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The first lines of the batch without an answer, in file order, at most limit. */
    public List<PendingLine> pending(String batchId, int limit) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT line_no, custom_id, url, request "
                    + "FROM batch_lines WHERE batch_id = ? AND status_code IS NULL ORDER BY line_no LIMIT " + limit)) {
                select.setString(1, batchId);
                List<PendingLine> lines = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lines.add(new PendingLine(rows.getInt(1), rows.getString(2), rows.getString(3),
                                rows.getString(4)));
                    }
                }
                return lines;
            }
        });
    }

    /**
     * Writes a line's answer unless it has one already.
     *
     * @return whether this answer was written (false: the line had been answered)
     */
    public boolean answer(String batchId, Answer answer) {
        return store.transaction(connection -> answer(connection, batchId, answer));
    }

    /** Answers every line still without one with the same error (a cancelled or expired batch's). */
    public void answerPending(String batchId, String requestIdPrefix, String error) {
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batch_lines SET status_code = ?, "
                    + "request_id = CONCAT(?, CAST(line_no AS VARCHAR(12))), answer = ? "
                    + "WHERE batch_id = ? AND status_code IS NULL")) {
                update.setInt(1, Answer.NOT_RUN);
                update.setString(2, requestIdPrefix);
                update.setString(3, error);
                update.setString(4, batchId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Every line's answer, in file order; call once none is pending. */
    public List<Answer> answers(String batchId) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT line_no, custom_id, status_code, "
                    + "request_id, answer FROM batch_lines WHERE batch_id = ? ORDER BY line_no")) {
                select.setString(1, batchId);
                List<Answer> answers = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        answers.add(new Answer(rows.getInt(1), rows.getString(2), rows.getInt(3), rows.getString(4),
                                rows.getString(5)));
                    }
                }
                return answers;
            }
        });
    }

    /**
     * Ends a batch that is still in one of the runnable states: its output and error files (either may be null)
     * and its last state (completed, failed, cancelled or expired, with its own timestamp) are written together.
     */
    public void finish(Batch batch, String status, Instant now, BatchFile output, byte[] outputContent,
                       BatchFile errors, byte[] errorContent) {
        String endedColumn = switch (status) {
            case Batch.COMPLETED -> "completed_at";
            case Batch.FAILED -> "failed_at";
            case Batch.CANCELLED -> "cancelled_at";
            case Batch.EXPIRED -> "expired_at";
            default -> throw new IllegalArgumentException("Not a batch's last state: " + status);
        };
        store.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE batches SET status = ?, "
                    + "finalizing_at = ?, " + endedColumn + " = ?, output_file_id = ?, error_file_id = ?, "
                    + "lease_owner = NULL, lease_until = NULL WHERE id = ? AND status IN " + RUNNABLE)) {
                update.setString(1, status);
                update.setTimestamp(2, Timestamp.from(now));
                update.setTimestamp(3, Timestamp.from(now));
                update.setString(4, output == null ? null : output.id());
                update.setString(5, errors == null ? null : errors.id());
                update.setString(6, batch.id());
                if (update.executeUpdate() == 0) {
                    return null; // another instance finished it
                }
            }
            if (output != null) {
                FileRepository.insert(connection, output, outputContent);
            }
            if (errors != null) {
                FileRepository.insert(connection, errors, errorContent);
            }
            return null;
        });
    }

    private static boolean answer(Connection connection, String batchId, Answer answer) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE batch_lines SET status_code = ?, "
                + "request_id = ?, answer = ? WHERE batch_id = ? AND line_no = ? AND status_code IS NULL")) {
            update.setInt(1, answer.statusCode());
            update.setString(2, answer.requestId());
            update.setString(3, answer.body());
            update.setString(4, batchId);
            update.setInt(5, answer.lineNo());
            return update.executeUpdate() == 1;
        }
    }

    private static Optional<Batch> first(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(batch(row)) : Optional.empty();
        }
    }

    private static Batch batch(ResultSet row) throws SQLException {
        Instant[] times = new Instant[9];
        for (int i = 0; i < times.length; i++) {
            Timestamp t = row.getTimestamp(12 + i);
            times[i] = t == null ? null : t.toInstant();
        }
        return new Batch(row.getString(1), row.getString(2), caller(row.getString(3)), row.getString(4),
                row.getString(5), row.getString(6), metadata(row.getString(7)), row.getString(8), row.getInt(9),
                row.getString(10), row.getString(11), new Batch.Times(times[0], times[1], times[2], times[3],
                times[4], times[5], times[6], times[7], times[8]), row.getString(21));
    }

    private static CallerIdentity caller(String json) {
        try {
            return Json.MAPPER.readValue(json, CallerIdentity.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A batch's caller in the store is not readable", e);
        }
    }

    private static Map<String, String> metadata(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("A batch's metadata in the store is not readable", e);
        }
    }
}
