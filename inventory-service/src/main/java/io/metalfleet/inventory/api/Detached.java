package io.metalfleet.inventory.api;

import io.smallrye.mutiny.Uni;

/**
 * Runs a piece of database work to its end even when the HTTP caller goes away. A client that
 * disconnects cancels the request's Uni, and Hibernate Reactive (3.2) leaks the pooled connection
 * when a session is cancelled while it waits for one (hibernate-reactive#4133): under load every
 * impatient client would cost a connection until the pool is gone. Detached work is not cancelled;
 * its result is simply dropped if nobody waits for it any more.
 */
final class Detached {

    private Detached() {
    }

    static <T> Uni<T> run(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }
}
