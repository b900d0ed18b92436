package io.metalfleet.local.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

import io.metalfleet.local.infra.JwtKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints a token signed by the stack's key in {@code --jwt-dir} (generating the key pair on first use),
 * the admin token ./metalfleet up hands to the operator by default.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mints an ES256 JWT with the stack's key.")
public final class TokenMain implements Callable<Integer> {

    @Option(names = "--jwt-dir", required = true)
    Path jwtDir;

    @Option(names = "--subject", defaultValue = "admin")
    String subject;

    @Option(names = "--roles", split = ",", defaultValue = "admin")
    List<String> roles;

    @Option(names = "--projects", split = ",", defaultValue = "*")
    List<String> projects;

    @Option(names = "--hours", defaultValue = "12")
    long hours;

    @Override
    public Integer call() throws Exception {
        JwtKeys keys = JwtKeys.inDirectory(jwtDir.toAbsolutePath());
        System.out.println(keys.token(subject, new LinkedHashSet<>(roles), projects, Duration.ofHours(hours)));
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TokenMain()).execute(args));
    }
}
