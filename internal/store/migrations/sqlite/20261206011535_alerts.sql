-- Add column "search_key" to table: "accounts"
ALTER TABLE `accounts` ADD COLUMN `search_key` text NULL;
-- Add column "search_key" to table: "contacts"
ALTER TABLE `contacts` ADD COLUMN `search_key` text NULL;
-- Create "alerts" table
CREATE TABLE `alerts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `account_id` integer NOT NULL, `rule` text NOT NULL, `severity` text NOT NULL, `subject_type` text NOT NULL, `subject_id` integer NOT NULL, `subject_name` text NOT NULL, `message` text NOT NULL, `action` text NOT NULL, `params` json NULL, `path` text NULL, `raised_at` datetime NOT NULL, `occurrence_key` text NULL, `cleared_at` datetime NULL);
-- Set sequence for "alerts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("alerts", 111669149696);
-- Create index "alerts_occurrence_key_key" to table: "alerts"
CREATE UNIQUE INDEX `alerts_occurrence_key_key` ON `alerts` (`occurrence_key`);
-- Create index "alert_account_id_raised_at" to table: "alerts"
CREATE INDEX `alert_account_id_raised_at` ON `alerts` (`account_id`, `raised_at`);
-- Create index "alert_rule_subject_id" to table: "alerts"
CREATE INDEX `alert_rule_subject_id` ON `alerts` (`rule`, `subject_id`);
-- Create "alert_rule_settings" table
CREATE TABLE `alert_rule_settings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `tier` text NOT NULL, `rule` text NOT NULL, `enabled` bool NOT NULL DEFAULT (true));
-- Set sequence for "alert_rule_settings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("alert_rule_settings", 115964116992);
-- Create index "alertrulesetting_tier_rule" to table: "alert_rule_settings"
CREATE UNIQUE INDEX `alertrulesetting_tier_rule` ON `alert_rule_settings` (`tier`, `rule`);
-- Create "alert_states" table
CREATE TABLE `alert_states` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `user_id` integer NOT NULL, `account_id` integer NOT NULL, `state` text NOT NULL DEFAULT ('NEW'), `snoozed_until` datetime NULL, `alert_id` integer NOT NULL, CONSTRAINT `alert_states_alerts_states` FOREIGN KEY (`alert_id`) REFERENCES `alerts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "alert_states" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("alert_states", 120259084288);
-- Create index "alertstate_alert_id_user_id" to table: "alert_states"
CREATE UNIQUE INDEX `alertstate_alert_id_user_id` ON `alert_states` (`alert_id`, `user_id`);
-- Create index "alertstate_user_id_state" to table: "alert_states"
CREATE INDEX `alertstate_user_id_state` ON `alert_states` (`user_id`, `state`);
