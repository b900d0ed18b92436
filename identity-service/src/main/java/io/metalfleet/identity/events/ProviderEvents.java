package io.metalfleet.identity.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.identity.persistence.ClusterEntity;
import io.metalfleet.identity.persistence.ProviderEntity;

/**
 * Payloads (CloudEvents {@code data}) of the events on {@code identity.providers}: what provisioning
 * (node pools) and cert (the cluster CA) need, without calling back. Never the root token or its hash.
 */
@ApplicationScoped
public class ProviderEvents {

    @Inject
    ObjectMapper json;

    public String registered(ProviderEntity provider) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("providerId", provider.id);
        data.put("clusterId", provider.id);
        data.put("name", provider.name);
        data.put("domain", provider.domain);
        data.put("subdomainDelegation", provider.subdomainDelegation);
        data.put("subdomain", provider.subdomain);
        data.put("opWorkerIpAddresses", provider.opWorkerIpAddresses);
        data.put("opWorkerPort", provider.opWorkerPort);
        data.put("oneS3IpAddresses", provider.oneS3IpAddresses);
        data.put("oneS3Port", provider.oneS3Port);
        data.put("latitude", provider.latitude);
        data.put("longitude", provider.longitude);
        data.put("adminUserId", provider.adminUserId);
        data.put("registeredAt", provider.createdAt.toString());
        return write(data);
    }

    public String clusterRegistered(ClusterEntity cluster, ProviderEntity provider) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("clusterId", cluster.id);
        data.put("providerId", cluster.providerId);
        data.put("type", cluster.type);
        data.put("domain", provider.domain);
        data.put("adminUserId", cluster.adminUserId);
        data.put("registeredAt", cluster.createdAt.toString());
        return write(data);
    }

    public String deleted(ProviderEntity provider, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("providerId", provider.id);
        data.put("clusterId", provider.id);
        data.put("domain", provider.domain);
        data.put("adminUserId", provider.adminUserId);
        data.put("deletedAt", at.toString());
        return write(data);
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }
}
