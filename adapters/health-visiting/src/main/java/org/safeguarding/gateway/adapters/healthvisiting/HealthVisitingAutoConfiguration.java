package org.safeguarding.gateway.adapters.healthvisiting;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Health visiting: the notice DV routing sends about under-fives. */
@AutoConfiguration
@Import(HealthVisitingNotice.class)
public class HealthVisitingAutoConfiguration {}
