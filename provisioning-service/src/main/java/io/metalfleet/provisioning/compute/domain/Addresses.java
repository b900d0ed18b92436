package io.metalfleet.provisioning.compute.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A server's {@code addresses} from its machine's inspected NICs: one {@code private} entry per NIC (version 4,
 * the IPv4 address where inspection found one, else "", and the MAC as OpenStack's {@code OS-EXT-IPS-MAC:mac_addr});
 * {@code public} stays empty (no floating addresses in a bare-metal fleet).
 */
@ApplicationScoped
public class Addresses {

    public record Found(String json, String accessIpv4) {
    }

    @Inject
    ObjectMapper mapper;

    public Found of(String inspectedJson) {
        List<Map<String, Object>> privateList = new ArrayList<>();
        String access = "";
        try {
            JsonNode nics = inspectedJson == null ? null : mapper.readTree(inspectedJson).path("nics");
            if (nics != null) {
                for (JsonNode nic : nics) {
                    String ip = nic.path("ipv4Address").asText("");
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("version", 4);
                    entry.put("addr", ip);
                    entry.put("OS-EXT-IPS-MAC:mac_addr", nic.path("macAddress").asText(""));
                    privateList.add(entry);
                    if (access.isEmpty() && !ip.isEmpty()) {
                        access = ip;
                    }
                }
            }
            return new Found(mapper.writeValueAsString(Map.of("public", List.of(), "private", privateList)), access);
        } catch (JsonProcessingException e) {
            return new Found("{\"public\":[],\"private\":[]}", "");
        }
    }
}
