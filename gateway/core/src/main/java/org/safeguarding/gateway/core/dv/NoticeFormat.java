package org.safeguarding.gateway.core.dv;

import java.util.List;

/**
 * The port each receiving agency's adapter implements: what that kind of recipient is sent about
 * a notification, and no more (data minimisation lives in the adapter that knows the recipient).
 */
public interface NoticeFormat {

    enum Audience { LOCAL_AUTHORITY, SCHOOL, HEALTH_VISITING }

    Audience audience();

    /** The content that is signed and encrypted to the recipient. */
    byte[] render(DvNotification notification, List<MatchedChild> children);

    /** The one line the recipient's inbox shows. */
    String summary(DvNotification notification, List<MatchedChild> children);
}
