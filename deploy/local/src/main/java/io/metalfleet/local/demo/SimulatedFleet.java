package io.metalfleet.local.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The BMCs the stack's simulator serves, as it lists them in {@code .metalfleet/simulator-inventory.json}. */
public final class SimulatedFleet {

    /** One BMC: its Redfish URL and the credentials to enroll it with. */
    public record Bmc(int index, String url, String username, String password, String vendor) {
    }

    private SimulatedFleet() {
    }

    public static List<Bmc> read(Path inventoryFile) {
        JsonNode inventory;
        try {
            inventory = GatewayClient.JSON.readTree(Files.readString(inventoryFile));
        } catch (IOException e) {
            throw new StepFailedException("cannot read the simulator's inventory " + inventoryFile + " (" + e.getMessage()
                    + "): is the simulator running? ./metalfleet up starts it");
        }
        List<Bmc> bmcs = new ArrayList<>();
        for (JsonNode bmc : inventory.path("bmcs")) {
            bmcs.add(new Bmc(bmc.path("index").asInt(), bmc.path("url").asText(), bmc.path("username").asText(),
                    bmc.path("password").asText(), bmc.path("vendor").asText("")));
        }
        if (bmcs.isEmpty()) {
            throw new StepFailedException("the simulator's inventory " + inventoryFile + " lists no BMCs");
        }
        return bmcs;
    }
}
