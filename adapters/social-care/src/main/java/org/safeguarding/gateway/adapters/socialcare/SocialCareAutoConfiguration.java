package org.safeguarding.gateway.adapters.socialcare;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Local authorities' systems: plans (one by one, in batches, transfers, siblings), documents, DV outcomes, and the LA's DV notice. */
@AutoConfiguration
@Import({PlanController.class, PlanBatchController.class, PlanLinksController.class, DocumentController.class,
        DvOutcomeController.class, LocalAuthorityDvNotice.class})
public class SocialCareAutoConfiguration {}
