package org.safeguarding.gateway.core.documents;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.flow.ErrorPolicy;

/**
 * document-distribution: a plan or conference minutes from social care, one signed, encrypted copy per recipient.
 * Acknowledgements come back through the inbox ({@code Acknowledgements}); copies left unacknowledged past their due time
 * are escalated to the sender ({@code delivery-escalation}).
 */
public class DocumentDistributionRoute extends RouteBuilder {

    public static final String URI = "direct:document-distribution";
    private static final String DOCUMENT = "document";
    private static final String COPIES = "copies";

    private final DocumentDistribution documents;

    public DocumentDistributionRoute(DocumentDistribution documents) {
        this.documents = documents;
    }

    @Override
    public void configure() {
        from(URI).routeId("document-distribution").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(documents, "check"))            // every field checked (400 naming each problem)
                .setBody(method(documents, "authorise"))        // social care of the plan's LA; anyone else the same refusal
                .setBody(method(documents, "inspect"))          // PDF, DOCX or text by content (415); recipients found
                .setProperty(DOCUMENT, body())
                .split(method(documents, "copiesFor"), SecureCopyRoute.gatheredInto(COPIES)).stopOnException()
                    .to(SecureCopyRoute.URI)                    // per recipient: signed, encrypted to that recipient
                .end()
                .setBody(method(documents, "commit(${exchangeProperty." + DOCUMENT + "}, ${exchangeProperty." + COPIES + "})"));
    }
}
