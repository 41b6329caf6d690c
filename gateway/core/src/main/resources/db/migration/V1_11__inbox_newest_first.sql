-- An inbox page is newest first (created_at, then id, both descending), of all a recipient's messages or of one type.
-- These indexes hold the rows in that order, so a page reads its own rows only: with (recipient, created_at) alone a
-- page of a large inbox sorted every message of the recipient, and a type filter walked them all.
DROP INDEX inbox_message_recipient;
CREATE INDEX inbox_message_newest ON inbox_message (recipient, created_at DESC, id DESC);
CREATE INDEX inbox_message_type_newest ON inbox_message (recipient, message_type, created_at DESC, id DESC);
