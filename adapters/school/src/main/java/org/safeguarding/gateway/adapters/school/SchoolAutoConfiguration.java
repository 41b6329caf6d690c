package org.safeguarding.gateway.adapters.school;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Schools: the Operation Encompass notice DV routing sends a designated safeguarding lead. */
@AutoConfiguration
@Import(OperationEncompassNotice.class)
public class SchoolAutoConfiguration {}
