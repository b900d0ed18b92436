package io.metalfleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchFormatsTest {

    @Test
    void shouldPrintNameValueUnitTarget() {
        assertEquals("inventory.get_server.p99 3.27 ms <=20", Report.format("inventory.get_server.p99", 3.2749, "ms", "<=20"));
        assertEquals("machine.cores 2 cores -", Report.format("machine.cores", 2, "cores", Report.NO_TARGET));
    }

    @Test
    void shouldReadStackEnvAsWrittenByUp() {
        StackEnv env = StackEnv.parse("""
                # Written by ./metalfleet up
                METALFLEET_GATEWAY=http://127.0.0.1:8080
                METALFLEET_TOKEN=eyJ.abc.def
                QUOTED='x y'
                export METALFLEET_GATEWAY METALFLEET_TOKEN
                """);
        assertEquals(Optional.of("eyJ.abc.def"), env.get("METALFLEET_TOKEN"));
        assertEquals(Optional.of("x y"), env.get("QUOTED"));
        assertEquals(Optional.empty(), env.get("export METALFLEET_GATEWAY METALFLEET_TOKEN"));
    }

    @Test
    void shouldBuildABatchOfValidServersWithUniqueBmcAddresses() throws Exception {
        InventoryBench bench = new InventoryBench(HttpClient.newHttpClient(), "http://x/", "t", "local-1");
        JsonNode servers = new ObjectMapper().readTree(bench.batchBody(7, 1000)).get("servers");
        assertEquals(1000, servers.size());
        Set<String> addresses = new HashSet<>();
        servers.forEach(s -> addresses.add(s.get("bmcAddress").asText()));
        assertEquals(1000, addresses.size(), "bmcAddress unique per item");
        JsonNode first = servers.get(0);
        assertEquals("127.8.0.1:9", first.get("bmcAddress").asText());
        assertEquals("compute", first.get("persona").asText());
        assertTrue(first.get("tags").has("rack"));
    }
}
