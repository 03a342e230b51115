package io.parley.chat.support;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackResource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The devstack, with a chat database of the test's own (created when missing, migrated by the service): a
 * chat-service another stack runs on the shared devstack relays the {@code chat} database's outbox too, and would
 * publish rows a test means to keep unpublished.
 */
public class PrivateDatabaseResource extends DevstackResource {

    private static final String DATABASE = "chat_private_test";

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(super.start());
        DevstackConfig config = DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of("")));
        try (Connection db = DriverManager.getConnection(config.jdbcUrl("chat"), config.pgUser(), config.pgPassword());
                PreparedStatement exists = db.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (Statement create = db.createStatement()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + DATABASE, e);
        }
        properties.put("quarkus.datasource.reactive.url", config.reactiveUrl(DATABASE));
        properties.put("quarkus.datasource.jdbc.url", config.jdbcUrl(DATABASE));
        return properties;
    }
}
