-- Add column "client_request_id" to table: "audit_events"
ALTER TABLE `audit_events` ADD COLUMN `client_request_id` text NULL;
-- Add column "client_address" to table: "audit_events"
ALTER TABLE `audit_events` ADD COLUMN `client_address` text NULL;
-- Add column "last_seen_at" to table: "sessions"
ALTER TABLE `sessions` ADD COLUMN `last_seen_at` datetime NULL;
-- Create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
-- Create "sign_in_failures" table
CREATE TABLE `sign_in_failures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `email` text NOT NULL, `address` text NOT NULL, `at` datetime NOT NULL);
-- Set sequence for "sign_in_failures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sign_in_failures", 85899345920);
-- Create index "signinfailure_email_at" to table: "sign_in_failures"
CREATE INDEX `signinfailure_email_at` ON `sign_in_failures` (`email`, `at`);
-- Create index "signinfailure_address_at" to table: "sign_in_failures"
CREATE INDEX `signinfailure_address_at` ON `sign_in_failures` (`address`, `at`);
-- Create index "signinfailure_at" to table: "sign_in_failures"
CREATE INDEX `signinfailure_at` ON `sign_in_failures` (`at`);
