package io.camelgateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The virtual keys in the store (table virtual_keys). Every write bumps the {@value #TOPIC} revision, which
 * {@link #changedSince} lets each instance follow. It never sees a key itself, only its hash.
 */
public final class VirtualKeyRepository {
    public static final String TOPIC = "virtual_keys";
    private static final String COLUMNS =
            "id, key_sha256, name, team, roles, created_at, expires_at, revoked_at, revision";

    private final Database database;

    public VirtualKeyRepository(Database database) {
        this.database = database;
    }

    /** Stores a new key; its revision is the one given by the store. */
    public VirtualKey insert(VirtualKey key) {
        return database.transaction(connection -> {
            long revision = Revisions.next(connection, TOPIC);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO virtual_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, key.id());
                insert.setString(2, key.sha256());
                insert.setString(3, key.name());
                insert.setString(4, key.team());
                insert.setString(5, String.join(",", new TreeSet<>(key.roles())));
                setTime(insert, 6, key.createdAt());
                setTime(insert, 7, key.expiresAt());
                setTime(insert, 8, key.revokedAt());
                insert.setLong(9, revision);
                insert.executeUpdate();
            }
            return withRevision(key, revision);
        });
    }

    public Optional<VirtualKey> find(String id) {
        return database.transaction(connection -> select(connection, id, false));
    }

    /** Up to {@code limit} keys in the order of their ids, after the given id (null: from the first). */
    public List<VirtualKey> list(String afterId, int limit) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM virtual_keys WHERE id > ? ORDER BY id LIMIT ?")) {
                query.setString(1, afterId == null ? "" : afterId);
                query.setInt(2, limit);
                return rows(query);
            }
        });
    }

    /**
     * Changes a key's name, team, expiry or revocation (not its hash, roles or creation) under a row lock, so two
     * admins' changes do not overwrite each other.
     *
     * @return the key as changed, or empty when there is no key with that id
     */
    public Optional<VirtualKey> update(String id, UnaryOperator<VirtualKey> change) {
        return database.transaction(connection -> {
            Optional<VirtualKey> current = select(connection, id, true);
            if (current.isEmpty()) {
                return current;
            }
            VirtualKey changed = change.apply(current.get());
            long revision = Revisions.next(connection, TOPIC);
            try (PreparedStatement update = connection.prepareStatement("UPDATE virtual_keys SET name = ?, "
                    + "team = ?, expires_at = ?, revoked_at = ?, revision = ? WHERE id = ?")) {
                update.setString(1, changed.name());
                update.setString(2, changed.team());
                setTime(update, 3, changed.expiresAt());
                setTime(update, 4, changed.revokedAt());
                update.setLong(5, revision);
                update.setString(6, id);
                update.executeUpdate();
            }
            return Optional.of(withRevision(changed, revision));
        });
    }

    /** The keys written after the given revision, in the order they were written. */
    public List<VirtualKey> changedSince(long revision) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM virtual_keys WHERE revision > ? ORDER BY revision")) {
                query.setLong(1, revision);
                return rows(query);
            }
        });
    }

    private static Optional<VirtualKey> select(Connection connection, String id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM virtual_keys WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            query.setString(1, id);
            return rows(query).stream().findFirst();
        }
    }

    private static List<VirtualKey> rows(PreparedStatement query) throws SQLException {
        List<VirtualKey> keys = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                String roles = row.getString(5);
                keys.add(new VirtualKey(row.getString(1), row.getString(2).trim(), row.getString(3),
                        row.getString(4), roles.isEmpty() ? null
                        : Arrays.stream(roles.split(",")).collect(Collectors.toSet()),
                        time(row, 6), time(row, 7), time(row, 8), row.getLong(9)));
            }
        }
        return keys;
    }

    private static VirtualKey withRevision(VirtualKey key, long revision) {
        return new VirtualKey(key.id(), key.sha256(), key.name(), key.team(), key.roles(), key.createdAt(),
                key.expiresAt(), key.revokedAt(), revision);
    }

    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        }
    }

    private static Instant time(ResultSet row, int index) throws SQLException {
        OffsetDateTime time = row.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
