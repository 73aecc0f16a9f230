package io.log2.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The database settings of the shipped application.properties, resolved as Quarkus resolves them. */
class DatabaseSettingsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(DatabaseSettingsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    @Test
    void theDatabaseUrlKeepsItsOwnParametersAndBatchingIsADriverProperty() throws IOException {
        SmallRyeConfig pg = config("pg", Map.of("LOG2_DB_URL", "jdbc:postgresql://db.example:5432/log2?sslmode=require",
                "LOG2_DB_PASSWORD", "secret"));
        assertEquals("jdbc:postgresql://db.example:5432/log2?sslmode=require",
                pg.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("true", pg.getValue("quarkus.datasource.jdbc.additional-jdbc-properties.reWriteBatchedInserts", String.class));
        assertEquals("secret", pg.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void thePgProfileHasNoPasswordUnlessOneIsGiven() throws IOException {
        SmallRyeConfig pg = config("pg", Map.of("LOG2_DB_URL", "jdbc:postgresql://db.example:5432/log2"));
        // log2.db-password is a required setting of Log2Config: the service stops at start with this message.
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> pg.getValue("log2.db-password", String.class));
        assertTrue(e.getMessage().contains("LOG2_DB_PASSWORD"), e.getMessage());
        assertEquals("log2", config("prod", Map.of()).getValue("quarkus.datasource.password", String.class),
                "the embedded database keeps its own password");
    }

    @Test
    void theEmbeddedDatabaseLivesInTheDataFolder() throws IOException {
        assertEquals("jdbc:h2:file:./data/log2;DB_CLOSE_ON_EXIT=FALSE",
                config("prod", Map.of()).getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("jdbc:h2:file:/var/lib/log2/log2;DB_CLOSE_ON_EXIT=FALSE",
                config("prod", Map.of("log2.data-dir", "/var/lib/log2")).getValue("quarkus.datasource.jdbc.url", String.class));
    }
}
