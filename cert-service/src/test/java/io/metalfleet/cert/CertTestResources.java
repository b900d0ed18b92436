package io.metalfleet.cert;

import io.metalfleet.local.testing.JwtTestResource;
import io.metalfleet.local.testing.KafkaTestResource;
import io.metalfleet.local.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Real PostgreSQL, a real Kafka broker and a test signing key for every test of this module. */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "cert"))
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
public final class CertTestResources {
}
