package org.safeguarding.gateway.core.flow;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * How an entry point (an HTTP request) runs a flow's {@code direct:} route and gets its answer: synchronously, on the
 * caller's thread, with a step's exception thrown as the step threw it (not wrapped by Camel), so the entry point
 * answers it as it would have answered the step (400, 403, 409, ...).
 */
public class FlowCall {

    // looked up at the first call: the template needs the Camel context, whose routes need the beans that call flows
    private final ObjectProvider<ProducerTemplate> templates;

    public FlowCall(ObjectProvider<ProducerTemplate> templates) {
        this.templates = templates;
    }

    /** Runs the flow for its effect alone. */
    public void run(String uri, Object body) {
        request(uri, body, Object.class);
    }

    public <T> T request(String uri, Object body, Class<T> answer) {
        try {
            return templates.getObject().requestBody(uri, body, answer);
        } catch (RuntimeCamelException e) {
            Throwable cause = e;
            while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException thrownByAStep) {
                throw thrownByAStep;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
