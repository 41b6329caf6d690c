-- A force's own notifications, newest first (the console's "Your notifications"): without it the page reads every
-- notification the force ever made to sort them.
CREATE INDEX dv_notification_force_newest ON dv_notification (force_id, received_at DESC);
