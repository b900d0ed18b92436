package io.metalfleet.identity.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registered Oneprovider (seed 004). Its root token is kept as a peppered HMAC only. */
@Entity
@Table(name = "providers")
public class ProviderEntity {

    @Id
    public String id;

    public String name;

    @Column(name = "admin_email")
    public String adminEmail;

    @Column(name = "subdomain_delegation")
    public boolean subdomainDelegation;

    public String subdomain;

    public String domain;

    @Convert(converter = StringListJson.class)
    @Column(name = "op_worker_ip_addresses")
    public List<String> opWorkerIpAddresses;

    @Column(name = "op_worker_port")
    public Integer opWorkerPort;

    @Convert(converter = StringListJson.class)
    @Column(name = "one_s3_ip_addresses")
    public List<String> oneS3IpAddresses;

    @Column(name = "one_s3_port")
    public Integer oneS3Port;

    public Double latitude;

    public Double longitude;

    @Column(name = "admin_user_id")
    public String adminUserId;

    @Column(name = "root_token_hash")
    public String rootTokenHash;

    @Column(name = "created_at")
    public Instant createdAt;
}
