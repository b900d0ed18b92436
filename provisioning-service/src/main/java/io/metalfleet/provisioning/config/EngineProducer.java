package io.metalfleet.provisioning.config;

import java.util.List;

import io.metalfleet.provisioning.redfish.connector.BmcNetworks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.vertx.core.Vertx;

/** The one engine of the service, on Quarkus' Vert.x, configured from {@link ProvisioningConfig}. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    BmcTrust trust() {
        return new BmcTrust();
    }

    @Produces
    @Singleton
    RedfishEngine engine(Vertx vertx, ProvisioningConfig config, BmcTrust trust) {
        RedfishEngine engine = new RedfishEngine(vertx, RedfishSettings.from(config), trust);
        engine.connector().restrictTo(BmcNetworks.parse(config.redfish().allowedNetworks().orElse(List.of())));
        return engine;
    }

    void close(@Disposes RedfishEngine engine) {
        engine.close();
    }
}
