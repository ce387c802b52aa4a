package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.store.StoreUnavailable;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

/**
 * Turns connection failures under a JDBC adapter call into the port's {@link StoreUnavailable}, and opens the
 * {@link StoreCircuitBreaker} on them so that the calls after it fail at once. A slow statement (stopped by its
 * statement or lock wait timeout) and a pool whose connections are all in use are {@link StoreUnavailable} for that
 * call only: the database is there, and the breaker stays closed. Runs outermost, so that a connection
 * that cannot even be opened (by the transaction or connection interceptors) is translated too.
 */
@Singleton
@InterceptorBean(TranslatesStoreFailures.class)
final class StoreFailureInterceptor implements MethodInterceptor<Object, Object> {

    private final StoreCircuitBreaker breaker;

    StoreFailureInterceptor(StoreCircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        breaker.ensureClosed();
        try {
            Object result = context.proceed();
            breaker.answered();
            return result;
        } catch (RuntimeException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                breaker.tripped(e);
                throw new StoreUnavailable(e);
            }
            if (SqlErrors.isPoolExhausted(e)) {
                throw new StoreUnavailable(e); // no answer from the database, but no sign that it is gone
            }
            breaker.answered();
            if (SqlErrors.isSlowStatement(e)) {
                throw new StoreUnavailable(e); // this call only: the database answered, the breaker stays closed
            }
            throw e;
        }
    }
}
