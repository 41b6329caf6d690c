package org.safeguarding.gateway.adapters.police;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Police forces' systems: the domestic-violence notification endpoint. */
@AutoConfiguration
@Import(DvNotificationController.class)
public class PoliceAutoConfiguration {}
