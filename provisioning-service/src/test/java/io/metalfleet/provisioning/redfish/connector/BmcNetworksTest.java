package io.metalfleet.provisioning.redfish.connector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BmcNetworksTest {

    @Test
    void shouldAllowOnlyAddressesInsideTheListedNetworks() {
        BmcNetworks loopback = BmcNetworks.parse(List.of("127.0.0.0/8", "::1/128"));
        assertTrue(loopback.allows("127.0.0.1"));
        assertTrue(loopback.allows("127.10.20.30"));
        assertTrue(loopback.allows("localhost"));
        assertTrue(loopback.allows("[::1]"));
        assertFalse(loopback.allows("10.20.1.15"));
        assertFalse(loopback.allows("192.0.2.7"));
        assertFalse(loopback.allows("2001:db8::1"));
        assertFalse(loopback.allows("bmc-r12.dc1.example.net"), "names are refused without a lookup");

        BmcNetworks vlan = BmcNetworks.parse(List.of(" 10.20.0.0/16 "));
        assertTrue(vlan.allows("10.20.255.1"));
        assertFalse(vlan.allows("10.21.0.1"));
    }

    @Test
    void shouldAllowEverythingWithoutAListAndRefuseBadEntries() {
        assertTrue(BmcNetworks.any().allows("bmc.example.net"));
        assertThrows(IllegalArgumentException.class, () -> BmcNetworks.parse(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> BmcNetworks.parse(List.of("bmc-vlan")));
    }
}
