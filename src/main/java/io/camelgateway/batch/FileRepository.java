package io.camelgateway.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.camelgateway.store.Database;

/** The /v1/files API's files in the store, each read and written only under its owner. */
public final class FileRepository {
    private static final String COLUMNS = "id, owner, purpose, filename, bytes, created_at, batch_id, errors";

    private final Database store;

    public FileRepository(Database store) {
        this.store = store;
    }

    public void insert(BatchFile file, byte[] content) {
        store.transaction(connection -> {
            insert(connection, file, content);
            return null;
        });
    }

    /** Inserts in the caller's transaction: a batch's output files are written with its last state. */
    static void insert(Connection connection, BatchFile file, byte[] content) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_files (" + COLUMNS
                + ", content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, file.id());
            insert.setString(2, file.owner());
            insert.setString(3, file.purpose());
            insert.setString(4, file.filename());
            insert.setLong(5, file.bytes());
            insert.setTimestamp(6, Timestamp.from(file.createdAt()));
            insert.setString(7, file.batchId());
            insert.setBoolean(8, file.errors());
            insert.setBytes(9, content);
            insert.executeUpdate();
        }
    }

    public Optional<BatchFile> find(String owner, String id) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM batch_files WHERE owner = ? AND id = ?")) {
                select.setString(1, owner);
                select.setString(2, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(file(row)) : Optional.empty();
                }
            }
        });
    }

    public Optional<byte[]> content(String owner, String id) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT content FROM batch_files WHERE owner = ? AND id = ?")) {
                select.setString(1, owner);
                select.setString(2, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** The owner's files, newest first, those older than the file {@code after} (null: from the newest), at most limit. */
    public List<BatchFile> list(String owner, String purpose, String after, int limit) {
        return store.transaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM batch_files WHERE owner = ? AND (? IS NULL OR purpose = ?) AND (? IS NULL OR id < ?)"
                    + " ORDER BY id DESC LIMIT " + limit)) {
                select.setString(1, owner);
                select.setString(2, purpose);
                select.setString(3, purpose);
                select.setString(4, after);
                select.setString(5, after);
                List<BatchFile> files = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        files.add(file(rows));
                    }
                }
                return files;
            }
        });
    }

    /** @return whether the owner had this file */
    public boolean delete(String owner, String id) {
        return store.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM batch_files WHERE owner = ? AND id = ?")) {
                delete.setString(1, owner);
                delete.setString(2, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static BatchFile file(ResultSet row) throws SQLException {
        return new BatchFile(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
                row.getTimestamp(6).toInstant(), row.getString(7), row.getBoolean(8));
    }
}
