-- Chat, the web widget and the API channel: their inboxes keep one generated (or tenant-given) secret each, sealed by
-- the vault like the others. `identity_secret` signs a web visitor's user id (identity verification: the tenant's site
-- sends HMAC-SHA256(identity_secret, user_id)); `signing_secret` signs the API channel's requests both ways
-- (X-SmarterOS-Signature). No new table: a visitor's or a caller's message is a chat_messages row, and its
-- client/caller message id is the row's external id under chat_messages_external_key (one row however often it is sent).
alter table chat_inbox_secrets drop constraint chat_inbox_secrets_name_check;
alter table chat_inbox_secrets add constraint chat_inbox_secrets_name_check
  check (name in ('access_token', 'app_secret', 'verify_token', 'bot_token', 'webhook_secret', 'identity_secret', 'signing_secret'));
