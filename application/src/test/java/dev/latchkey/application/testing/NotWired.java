package dev.latchkey.application.testing;

import java.lang.reflect.Proxy;

/** An out-port the use-case tests never reach: any call to it fails the test that made it. */
final class NotWired {

    private NotWired() {
    }

    static <T> T port(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "not wired: " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> proxy == args[0];
                };
            }
            throw new UnsupportedOperationException(type.getSimpleName() + " is not wired in the use-case tests");
        }));
    }
}
