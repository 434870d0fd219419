package io.flowpulse.testing;

import io.flowpulse.localstack.ClickHouseServer;
import io.flowpulse.localstack.KafkaBroker;
import io.flowpulse.localstack.LocalStack;
import io.flowpulse.localstack.SchemaRegistry;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM's shared {@link LocalStack} (or one of its services, started) into test constructors,
 * lifecycle methods and test methods. The stack is closed when the whole test run of the JVM ends.
 *
 * <pre>
 * &#64;ExtendWith(LocalStackExtension.class)
 * class SinkIntegrationTest {
 *     &#64;Test void writesRows(LocalStack stack) { stack.clickHouse().httpUrl(); ... }
 * }
 * </pre>
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LocalStack.class || type == KafkaBroker.class
                || type == SchemaRegistry.class || type == ClickHouseServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        LocalStack stack = stack(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == KafkaBroker.class) {
            return stack.kafka();
        }
        if (type == SchemaRegistry.class) {
            return stack.registry();
        }
        if (type == ClickHouseServer.class) {
            return stack.clickHouse();
        }
        return stack;
    }

    /** The shared stack, registered in the root context so that it is closed once, after the last test. */
    public static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, key -> new SharedStack(LocalStack.shared()), SharedStack.class)
                .stack;
    }

    private static final class SharedStack implements ExtensionContext.Store.CloseableResource {
        private final LocalStack stack;

        private SharedStack(LocalStack stack) {
            this.stack = stack;
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
