package io.metalfleet.inventory.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.core.Response;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.metalfleet.inventory.api.dto.ErrorResponse;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;

class ApiErrorMapperTest {

    private final ApiErrorMapper mapper = new ApiErrorMapper();

    @Test
    void shouldAnswerAnExhaustedConnectionPoolWith503AndRetryAfter() {
        Response response = mapper.unexpected(new HibernateException(new NoStackTraceThrowable("Timeout")));
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString("Retry-After"));
        assertEquals(503, ((ErrorResponse) response.getEntity()).error().code());
    }

    @Test
    void shouldAnswerAFullPoolWaitQueueAndAConnectionTimeoutWith503() {
        Response busy = mapper.unexpected(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 256"));
        assertEquals(503, busy.getStatus());
        assertEquals("1", busy.getHeaderString("Retry-After"));
        Response timedOut = mapper.unexpected(new HibernateException(new VertxException("Timeout waiting for connection", true)));
        assertEquals(503, timedOut.getStatus());
    }

    @Test
    void shouldAnswerAnyOtherFailureWith500WithoutItsClassOrMessage() {
        Response response = mapper.unexpected(new IllegalStateException("secret internals at Foo.java:42"));
        assertEquals(500, response.getStatus());
        String message = ((ErrorResponse) response.getEntity()).error().message();
        assertFalse(message.contains("IllegalStateException"));
        assertFalse(message.contains("secret internals"));
    }
}
