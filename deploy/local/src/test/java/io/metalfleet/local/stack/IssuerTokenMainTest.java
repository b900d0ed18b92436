package io.metalfleet.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine;

/** The launcher speaks the OAuth 2.0 password grant over a real socket and prints only the access token. */
class IssuerTokenMainTest {

    private HttpServer issuer;
    private final Map<String, String> lastForm = new HashMap<>();

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer.createContext("/oauth2/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastForm.clear();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                lastForm.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            boolean ok = "password".equals(lastForm.get("grant_type")) && "p@ss word&=".equals(lastForm.get("password"));
            byte[] answer = (ok ? "{\"access_token\":\"eyJ.token.sig\",\"token_type\":\"Bearer\",\"expires_in\":900}"
                    : "{\"error\":\"invalid_grant\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(ok ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        issuer.start();
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    @Test
    void shouldPrintTheAccessTokenOfAPasswordGrant() {
        IssuerTokenMain main = new IssuerTokenMain();
        main.environment = name -> name.equals("ADMIN_PW") ? "p@ss word&=" : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(main).execute("--issuer-url", "http://127.0.0.1:" + issuer.getAddress().getPort(),
                    "--username", "admin", "--password-env", "ADMIN_PW");
        } finally {
            System.setOut(previous);
        }
        assertEquals(0, rc);
        assertEquals("eyJ.token.sig", out.toString(StandardCharsets.UTF_8).trim());
        assertEquals("admin", lastForm.get("username"));
    }

    @Test
    void shouldFailWithoutThePasswordOrWhenTheIssuerRefuses() {
        IssuerTokenMain noPassword = new IssuerTokenMain();
        noPassword.environment = name -> null;
        assertEquals(2, new CommandLine(noPassword).execute("--issuer-url", "http://127.0.0.1:1"));

        IssuerTokenMain wrongPassword = new IssuerTokenMain();
        wrongPassword.environment = name -> "wrong";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(wrongPassword).execute("--issuer-url",
                    "http://127.0.0.1:" + issuer.getAddress().getPort());
        } finally {
            System.setOut(previous);
        }
        assertEquals(1, rc);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("wrong"));
        assertTrue(out.toString(StandardCharsets.UTF_8).isBlank(), "nothing on stdout when there is no token");
    }
}
