-- An optional e-mail address per account, for notices (the in-app inbox is always there).
ALTER TABLE identity_user ADD COLUMN email VARCHAR(100);
