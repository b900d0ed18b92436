package io.metalfleet.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BmcAddressTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1, https://10.0.0.1:443",
            "10.0.0.1:443, https://10.0.0.1:443",
            "https://10.0.0.1, https://10.0.0.1:443",
            "HTTPS://10.0.0.1:8443/, https://10.0.0.1:8443",
            "http://127.0.0.1:20001, http://127.0.0.1:20001",
            "bmc-r12-u07.DC1.example.net, https://bmc-r12-u07.dc1.example.net:443",
            "'[2001:db8::1]:623', 'https://[2001:db8::1]:623'",
            "2001:0db8:0:0:0:0:0:1, https://[2001:db8::1]:443",
            "https://[FE80::1], https://[fe80::1]:443" })
    void shouldNormalizeEverySpellingOfTheSameBmc(String raw, String endpoint) {
        Optional<BmcAddress> parsed = BmcAddress.parse(raw, new StringBuilder());
        assertTrue(parsed.isPresent(), raw);
        assertEquals(endpoint, parsed.get().endpoint());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "10.0.0.256", "10.0.0.1:0", "10.0.0.1:70000", "ftp://10.0.0.1",
            "https://admin@10.0.0.1", "https://10.0.0.1/redfish/v1", "10.0.0.1:abc", "2001:db8::zz",
            "[10.0.0.1]:443", "bad_host!", "-leading.example.com", "010.0.0.1", "1.2.3" })
    void shouldRefuseWhatIsNotABmcAddress(String raw) {
        StringBuilder problem = new StringBuilder();
        assertTrue(BmcAddress.parse(raw, problem).isEmpty(), raw);
        assertTrue(problem.length() > 0, "a reason is given for " + raw);
    }
}
