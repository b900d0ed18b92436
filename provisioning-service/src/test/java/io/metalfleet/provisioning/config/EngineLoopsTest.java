package io.metalfleet.provisioning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The engine's own event loops: Mutiny callbacks built there capture no context; Quarkus' loops keep theirs. */
@QuarkusTest
class EngineLoopsTest {

    @Inject
    RedfishEngine engine;
    @Inject
    Vertx quarkusVertx;

    @Test
    void shouldBuildEngineChainsWithoutContextCaptureAndLeaveQuarkusLoopsAlone() throws Exception {
        Vertx engineVertx = engine.connector().vertx();
        assertNotSame(quarkusVertx, engineVertx, "the engine runs on a Vert.x of its own");
        assertTrue(capturesNothingOn(engineVertx), "an engine loop's thread context propagates and clears nothing");
        assertFalse(capturesNothingOn(quarkusVertx), "Quarkus' loops still propagate the request context");
    }

    @Test
    void shouldBuildEachOperationOnItsBmcsLoopAndFailWhatCannotBeBuilt() {
        BmcTarget target = new BmcTarget("server-loops", "http://127.0.0.1:9", "admin", "secret");
        Context context = engine.connector().gate(target).onLoop(() -> Uni.createFrom().item(Vertx.currentContext()))
                .await().atMost(Duration.ofSeconds(5));
        assertTrue(context != null && context.isEventLoopContext() && context.owner() == engine.connector().vertx(),
                "built on an event loop of the engine's Vert.x: " + context);
        assertTrue(engine.connector().gate(target).onLoop(() -> Uni.createFrom().item(
                SmallRyeThreadContext.getCurrentThreadContextOrDefaultContexts().isEmpty())).await().atMost(Duration.ofSeconds(5)),
                "built under the loop's empty thread context");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> engine.connector().gate(target)
                .<String> onLoop(() -> {
                    throw new IllegalStateException("no operation");
                }).await().atMost(Duration.ofSeconds(5)), "a throw while building fails the operation, never hangs it");
        assertEquals("no operation", thrown.getMessage());
    }

    private static boolean capturesNothingOn(Vertx vertx) throws Exception {
        CompletableFuture<Boolean> empty = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> empty.complete(SmallRyeThreadContext.getCurrentThreadContextOrDefaultContexts().isEmpty()));
        return empty.get(5, TimeUnit.SECONDS);
    }
}
