package io.camelgateway.responses;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.camelgateway.store.Database;

/** Stored responses in the store, each read and deleted only under its owner. */
public final class ResponseRepository {
    private static final String COLUMNS = "id, owner, previous_response_id, created_at, depth, conversation_bytes, "
            + "input_items, response";

    private final Database store;

    public ResponseRepository(Database store) {
        this.store = store;
    }

    public void insert(StoredResponse r) {
        store.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO responses (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, r.id());
                insert.setString(2, r.owner());
                insert.setString(3, r.previousResponseId());
                insert.setTimestamp(4, Timestamp.from(r.createdAt()));
                insert.setInt(5, r.depth());
                insert.setLong(6, r.conversationBytes());
                insert.setString(7, r.inputItems());
                insert.setString(8, r.response());
                insert.executeUpdate();
            }
            return null;
        });
    }

    public Optional<StoredResponse> find(String owner, String id) {
        return store.transaction(connection -> find(connection, owner, id));
    }

    /**
     * The conversation that ends with the owner's response {@code id}, oldest first, read in one transaction; empty
     * when that response, or one before it, is not the owner's (deleted, expired, or never kept).
     *
     * @param most the most responses to read: a deeper conversation is never stored
     */
    public Optional<List<StoredResponse>> conversation(String owner, String id, int most) {
        return store.transaction(connection -> {
            List<StoredResponse> chain = new ArrayList<>();
            String next = id;
            while (next != null && chain.size() < most) {
                Optional<StoredResponse> link = find(connection, owner, next);
                if (link.isEmpty()) {
                    return Optional.empty();
                }
                chain.add(0, link.get());
                next = link.get().previousResponseId();
            }
            return next == null ? Optional.of(chain) : Optional.empty();
        });
    }

    /** @return whether the owner had this response */
    public boolean delete(String owner, String id) {
        return store.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM responses WHERE owner = ? AND id = ?")) {
                delete.setString(1, owner);
                delete.setString(2, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** Deletes every response created before {@code cutoff}; how many. */
    public int deleteCreatedBefore(Instant cutoff) {
        return store.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM responses WHERE created_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    private static Optional<StoredResponse> find(Connection connection, String owner, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM responses WHERE owner = ? AND id = ?")) {
            select.setString(1, owner);
            select.setString(2, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredResponse(row.getString(1), row.getString(2), row.getString(3),
                        row.getTimestamp(4).toInstant(), row.getInt(5), row.getLong(6), row.getString(7),
                        row.getString(8)));
            }
        }
    }
}
