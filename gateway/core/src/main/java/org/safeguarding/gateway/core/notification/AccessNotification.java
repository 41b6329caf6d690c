package org.safeguarding.gateway.core.notification;

import java.time.Instant;
import java.util.List;
import org.safeguarding.gateway.core.inbox.InboxMessage;

/**
 * "This child attended": sent to the responsible local authority for each notifying CP lookup of a
 * child with a plan, as CP-IS's Access to Service Notification does. Carries the child, who looked (their name as
 * their token gave it, and their role), the setting and the time.
 */
public record AccessNotification(
        String messageId,
        String localAuthority,
        String nhsNumber,
        String childName,
        List<String> planIds,
        String settingOrgId,
        String settingName,
        String role,
        String viewerName,
        Instant accessedAt,
        List<String> siblings) {

    public static final String INBOX_TYPE = "access-notification";

    public InboxMessage toInboxMessage(String body) {
        return new InboxMessage(messageId, localAuthority, INBOX_TYPE, accessedAt, nhsNumber, String.join(",", planIds), summary(),
                body, null);
    }

    public String summary() {
        return "Child " + childName + " (NHS " + nhsNumber + ", plan " + String.join(", ", planIds) + ") was looked up by "
                + viewerName + " (" + role + ") at " + settingName + " (" + settingOrgId + ") at " + accessedAt
                + (siblings == null || siblings.isEmpty() ? "" : ". Siblings with plans: " + String.join("; ", siblings));
    }
}
