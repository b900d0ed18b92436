package io.metalfleet.local.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.RepeatedTest;

/** Ports asked for together are different and free (a broker's listener and controller need two). */
class FreePortsTest {

    @RepeatedTest(20)
    void shouldHandOutDifferentPortsThatCanBeBound() throws Exception {
        int[] ports = FreePorts.distinct(3);
        assertEquals(3, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, socket.getLocalPort());
            }
        }
    }
}
