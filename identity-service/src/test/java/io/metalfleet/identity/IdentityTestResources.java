package io.metalfleet.identity;

import io.metalfleet.local.testing.KafkaTestResource;
import io.metalfleet.local.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Real PostgreSQL and a real Kafka broker for every test of this module (one of each per JVM). No
 * test signing key: identity-service is the issuer, so tests sign in through its token endpoint.
 */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "identity"))
@QuarkusTestResource(KafkaTestResource.class)
public final class IdentityTestResources {
}
