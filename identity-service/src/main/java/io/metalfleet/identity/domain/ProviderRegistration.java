package io.metalfleet.identity.domain;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.identity.api.ApiException;
import io.metalfleet.identity.api.JsonFields;

/**
 * A provider registration request (seed 004), validated with Onezone's rules: name, adminEmail,
 * subdomainDelegation and token always; with delegation a unique subdomain and the worker IPv4
 * addresses ({@code opWorkerIpAddresses}, or the deprecated {@code ipList}); without it a domain;
 * OneS3 addresses and port only together; latitude −90..90, longitude −180..180.
 */
public record ProviderRegistration(String token, String name, String adminEmail, boolean subdomainDelegation,
        String subdomain, String domain, List<String> opWorkerIpAddresses, Integer opWorkerPort,
        List<String> oneS3IpAddresses, Integer oneS3Port, double latitude, double longitude) {

    static final Set<String> KEYS = Set.of("token", "name", "adminEmail", "subdomainDelegation", "subdomain", "ipList",
            "opWorkerIpAddresses", "opWorkerPort", "oneS3IpAddresses", "oneS3Port", "domain", "latitude", "longitude");

    /** Onezone's name rule: 2-50 characters; letters, digits, brackets, underscores; inner dashes, spaces, dots. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_()\\[\\]{}][\\p{L}\\p{N}_()\\[\\]{} .\\-]{0,48}[\\p{L}\\p{N}_()\\[\\]{}]");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** Validates {@code body}; the first rule broken answers 400 naming its key. {@code zoneDomain} completes a delegated subdomain. */
    public static ProviderRegistration parse(JsonNode body, String zoneDomain) {
        JsonFields fields = JsonFields.of(body, KEYS);
        String name = fields.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badValueName("name");
        }
        String adminEmail = fields.requiredString("adminEmail");
        if (adminEmail.length() > 254 || !EMAIL.matcher(adminEmail).matches()) {
            throw ApiException.badValueEmail("adminEmail");
        }
        boolean delegation = fields.requiredBoolean("subdomainDelegation");
        if (!fields.has("token")) {
            throw ApiException.missingRequiredValue("token");
        }
        String token;
        try {
            token = fields.optionalString("token");
        } catch (ApiException notAString) {
            throw ApiException.badValueToken("token", "malformed");
        }

        List<String> workers = ipList(fields, "opWorkerIpAddresses");
        List<String> deprecated = ipList(fields, "ipList");
        if (workers == null) {
            workers = deprecated;
        }
        Integer workerPort = fields.optionalInteger("opWorkerPort", 1, 65535);
        String subdomain = null;
        String domain;
        if (delegation) {
            subdomain = fields.requiredString("subdomain");
            if (!LABEL.matcher(subdomain).matches()) {
                throw ApiException.badValueSubdomain("subdomain");
            }
            if (workers == null || workers.isEmpty()) {
                throw ApiException.missingRequiredValue("opWorkerIpAddresses");
            }
            domain = subdomain + "." + zoneDomain;
        } else {
            domain = fields.requiredString("domain");
            if (!isDomain(domain) && !IPV4.matcher(domain).matches()) {
                throw ApiException.badValueDomain("domain");
            }
        }

        List<String> s3 = ipList(fields, "oneS3IpAddresses");
        Integer s3Port = fields.optionalInteger("oneS3Port", 1, 65535);
        if (s3 != null && s3Port == null) {
            throw ApiException.missingRequiredValue("oneS3Port");
        }
        if (s3Port != null && s3 == null) {
            throw ApiException.missingRequiredValue("oneS3IpAddresses");
        }
        Double latitude = fields.optionalFloat("latitude", -90, 90);
        Double longitude = fields.optionalFloat("longitude", -180, 180);
        return new ProviderRegistration(token, name, adminEmail, delegation, subdomain, domain.toLowerCase(),
                workers == null ? List.of() : workers, workerPort, s3 == null ? List.of() : s3, s3Port,
                latitude == null ? 0.0 : latitude, longitude == null ? 0.0 : longitude);
    }

    private static List<String> ipList(JsonFields fields, String key) {
        List<String> ips = fields.optionalStringList(key, ApiException.badValueListOfIPv4Addresses(key));
        if (ips != null) {
            for (String ip : ips) {
                if (!IPV4.matcher(ip).matches()) {
                    throw ApiException.badValueIPv4Address(key);
                }
            }
        }
        return ips;
    }

    /** A fully qualified name: at least two labels, 253 characters at most, a top-level label not all digits. */
    static boolean isDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].matches("\\d+");
    }
}
