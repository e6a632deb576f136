-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_alerts" table
CREATE TABLE `new_alerts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `rule` text NOT NULL, `severity` text NOT NULL, `subject_type` text NOT NULL, `subject_id` integer NOT NULL, `subject_name` text NOT NULL, `message` text NOT NULL, `action` text NOT NULL, `params` json NULL, `path` text NULL, `raised_at` datetime NOT NULL, `occurrence_key` text NULL, `cleared_at` datetime NULL, `account_id` integer NOT NULL, CONSTRAINT `alerts_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- Set sequence for "new_alerts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_alerts", 111669149696);
-- Copy rows from old table "alerts" to new temporary table "new_alerts"
INSERT INTO `new_alerts` (`id`, `created_at`, `updated_at`, `rule`, `severity`, `subject_type`, `subject_id`, `subject_name`, `message`, `action`, `params`, `path`, `raised_at`, `occurrence_key`, `cleared_at`, `account_id`) SELECT `id`, `created_at`, `updated_at`, `rule`, `severity`, `subject_type`, `subject_id`, `subject_name`, `message`, `action`, `params`, `path`, `raised_at`, `occurrence_key`, `cleared_at`, `account_id` FROM `alerts`;
-- Drop "alerts" table after copying rows
DROP TABLE `alerts`;
-- Rename temporary table "new_alerts" to "alerts"
ALTER TABLE `new_alerts` RENAME TO `alerts`;
-- Create index "alerts_occurrence_key_key" to table: "alerts"
CREATE UNIQUE INDEX `alerts_occurrence_key_key` ON `alerts` (`occurrence_key`);
-- Create index "alert_account_id_raised_at" to table: "alerts"
CREATE INDEX `alert_account_id_raised_at` ON `alerts` (`account_id`, `raised_at`);
-- Create index "alert_rule_subject_id" to table: "alerts"
CREATE INDEX `alert_rule_subject_id` ON `alerts` (`rule`, `subject_id`);
-- Create "new_alert_states" table
CREATE TABLE `new_alert_states` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `user_id` integer NOT NULL, `account_id` integer NOT NULL, `state` text NOT NULL DEFAULT ('NEW'), `snoozed_until` datetime NULL, `alert_id` integer NOT NULL, CONSTRAINT `alert_states_alerts_states` FOREIGN KEY (`alert_id`) REFERENCES `alerts` (`id`) ON DELETE CASCADE);
-- Set sequence for "new_alert_states" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_alert_states", 120259084288);
-- Copy rows from old table "alert_states" to new temporary table "new_alert_states"
INSERT INTO `new_alert_states` (`id`, `created_at`, `updated_at`, `user_id`, `account_id`, `state`, `snoozed_until`, `alert_id`) SELECT `id`, `created_at`, `updated_at`, `user_id`, `account_id`, `state`, `snoozed_until`, `alert_id` FROM `alert_states`;
-- Drop "alert_states" table after copying rows
DROP TABLE `alert_states`;
-- Rename temporary table "new_alert_states" to "alert_states"
ALTER TABLE `new_alert_states` RENAME TO `alert_states`;
-- Create index "alertstate_alert_id_user_id" to table: "alert_states"
CREATE UNIQUE INDEX `alertstate_alert_id_user_id` ON `alert_states` (`alert_id`, `user_id`);
-- Create index "alertstate_user_id_state" to table: "alert_states"
CREATE INDEX `alertstate_user_id_state` ON `alert_states` (`user_id`, `state`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
