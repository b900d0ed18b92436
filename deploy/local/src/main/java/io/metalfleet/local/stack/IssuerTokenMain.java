package io.metalfleet.local.stack;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Signs the bootstrap admin in at identity-service ({@code POST /oauth2/token}, password grant) and
 * prints the access token: the token ./metalfleet up hands to the operator once identity-service is
 * the suite's issuer. The password is read from an environment variable, never from the command
 * line, so it does not show in the process list.
 */
@Command(name = "issuer-token", mixinStandardHelpOptions = true,
        description = "Gets an access token from identity-service with the password grant.")
public final class IssuerTokenMain implements Callable<Integer> {

    @Option(names = "--issuer-url", required = true, description = "identity-service base URL, e.g. http://127.0.0.1:8083")
    URI issuerUrl;

    @Option(names = "--username", defaultValue = "admin")
    String username;

    @Option(names = "--password-env", defaultValue = "METALFLEET_BOOTSTRAP_ADMIN_PASSWORD",
            description = "environment variable holding the password")
    String passwordEnv;

    /** Where environment variables come from (a test hands in its own). */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        String password = environment.apply(passwordEnv);
        if (password == null || password.isEmpty()) {
            System.err.println(passwordEnv + " is not set");
            return 2;
        }
        String form = "grant_type=password&username=" + encode(username) + "&password=" + encode(password);
        HttpRequest request = HttpRequest.newBuilder(issuerUrl.resolve("/oauth2/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println("the issuer refused the sign-in: HTTP " + response.statusCode() + " " + response.body());
            return 1;
        }
        JsonObject token = Json.createReader(new StringReader(response.body())).readObject();
        System.out.println(token.getString("access_token"));
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IssuerTokenMain()).execute(args));
    }
}
