package io.metalfleet.local.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes {@code <prefix>/conf/nginx.conf} for the local stack's gateway (called by ./metalfleet up). */
@Command(name = "nginx-config", mixinStandardHelpOptions = true,
        description = "Generates the gateway's nginx.conf from the route table.")
public final class NginxConfigMain implements Callable<Integer> {

    @Option(names = "--routes", required = true, description = "the route table (deploy/local/routes.tsv)")
    Path routes;

    @Option(names = "--prefix", required = true, description = "nginx prefix folder (conf/, logs/, tmp/ go under it)")
    Path prefix;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", description = "address:port nginx listens on")
    String listen;

    @Option(names = "--port", description = "service=port, overriding the table's port of that service")
    Map<String, Integer> ports = new LinkedHashMap<>();

    @Option(names = "--max-body", defaultValue = "8m", description = "client_max_body_size")
    String maxBody;

    @Override
    public Integer call() throws Exception {
        Path absolute = prefix.toAbsolutePath().normalize();
        String conf = new NginxConfig(RouteTable.load(routes), ports).listen(listen).maxBody(maxBody).render(absolute);
        for (String dir : new String[] { "conf", "logs", "tmp" }) {
            Files.createDirectories(absolute.resolve(dir));
        }
        Path file = absolute.resolve("conf/nginx.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NginxConfigMain()).execute(args));
    }
}
