package io.metalfleet.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PgUrlTest {

    @Test
    void shouldReadEveryPartOfAFullUrl() {
        PgUrl url = PgUrl.parse("postgresql://fleet:s3cr%40t@db.example.org:6543/ignored?sslmode=require");
        assertEquals(new PgUrl("db.example.org", 6543, "fleet", "s3cr@t"), url);
        assertEquals("jdbc:postgresql://db.example.org:6543/inventory", url.jdbcUrl("inventory"));
        assertEquals("postgresql://db.example.org:6543/cert", url.reactiveUrl("cert"));
    }

    @Test
    void shouldDefaultThePortAndTheUser() {
        assertEquals(new PgUrl("10.0.0.5", 5432, "postgres", ""), PgUrl.parse("postgres://10.0.0.5"));
        assertEquals(new PgUrl("h", 5432, "u", ""), PgUrl.parse("postgresql://u@h"));
    }

    @Test
    void shouldNeverShowThePassword() {
        PgUrl url = PgUrl.parse("postgresql://u:topsecret@h:1");
        assertFalse(url.toString().contains("topsecret"), url.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgUrl.parse("mysql://u:topsecret@h:1"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void shouldQuoteAnyValueForTheShell() {
        assertEquals("'it'\\''s $HOME'", PostgresMain.shellQuote("it's $HOME"));
    }
}
