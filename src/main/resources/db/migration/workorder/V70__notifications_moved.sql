-- Notifications moved to the notification module (notification_notice): the rows written so far
-- are carried over once, with the message keys the work-order texts have always had, and the old
-- tables go. The notification module's migrations run before this module's (workorder depends on it).
INSERT INTO notification_notice (event_key, recipient, recipient_user, recipient_territory, source, message_key,
  args, link, created_at)
SELECT event_key, recipient, recipient_user, recipient_territory, 'workorder', 'wo.notify.' || kind,
  ARRAY[number::text, coalesce(detail, '')::text], '/requests/' || work_order_id, created_at
FROM workorder_notification ORDER BY id
ON CONFLICT (event_key, recipient) DO NOTHING;

INSERT INTO notification_read (notice_id, user_id, read_at)
SELECT n.id, r.user_id, r.read_at
FROM workorder_notification_read r
JOIN workorder_notification o ON o.id = r.notification_id
JOIN notification_notice n ON n.event_key = o.event_key AND n.recipient = o.recipient
ON CONFLICT DO NOTHING;

DROP TABLE workorder_notification_read;
DROP TABLE workorder_notification;
