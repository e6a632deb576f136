-- Create "engagements" table
CREATE TABLE `engagements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `starts_at` datetime NOT NULL, `ends_at` datetime NULL, `notes` text NULL, `account_id` integer NOT NULL, CONSTRAINT `engagements_accounts_engagements` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "engagements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("engagements", 94489280512);
-- Create index "engagement_account_id_starts_at" to table: "engagements"
CREATE INDEX `engagement_account_id_starts_at` ON `engagements` (`account_id`, `starts_at`);
-- Create "executive_pairings" table
CREATE TABLE `executive_pairings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('ACTIVE'), `since` datetime NOT NULL, `notes` text NULL, `account_id` integer NOT NULL, `team_member_id` integer NOT NULL, `contact_id` integer NOT NULL, CONSTRAINT `executive_pairings_accounts_executive_pairings` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `executive_pairings_team_members_team_member` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE NO ACTION, CONSTRAINT `executive_pairings_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "executive_pairings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("executive_pairings", 98784247808);
-- Create index "executivepairing_team_member_id_contact_id" to table: "executive_pairings"
CREATE UNIQUE INDEX `executivepairing_team_member_id_contact_id` ON `executive_pairings` (`team_member_id`, `contact_id`);
-- Create index "executivepairing_account_id" to table: "executive_pairings"
CREATE INDEX `executivepairing_account_id` ON `executive_pairings` (`account_id`);
-- Create index "executivepairing_contact_id" to table: "executive_pairings"
CREATE INDEX `executivepairing_contact_id` ON `executive_pairings` (`contact_id`);
-- Create "stage_changes" table
CREATE TABLE `stage_changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `ladder` text NOT NULL, `from_stage` text NULL, `to_stage` text NOT NULL, `changed_at` datetime NOT NULL, `account_id` integer NOT NULL, CONSTRAINT `stage_changes_accounts_stage_changes` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "stage_changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("stage_changes", 103079215104);
-- Create index "stagechange_account_id_changed_at" to table: "stage_changes"
CREATE INDEX `stagechange_account_id_changed_at` ON `stage_changes` (`account_id`, `changed_at`);
-- Create "value_assessments" table
CREATE TABLE `value_assessments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `assessed_at` datetime NOT NULL, `revenue_score` real NOT NULL, `margin_score` real NOT NULL, `payment_collection_score` real NOT NULL, `reference_value_score` real NOT NULL, `management_improvement_score` real NOT NULL, `long_term_payback_score` real NOT NULL, `share_of_wallet_score` real NOT NULL, `growth_potential_score` real NOT NULL, `loyalty_score` real NULL, `revenue_weight` real NOT NULL DEFAULT (0.15), `margin_weight` real NOT NULL DEFAULT (0.1), `payment_collection_weight` real NOT NULL DEFAULT (0.05), `reference_value_weight` real NOT NULL DEFAULT (0.15), `management_improvement_weight` real NOT NULL DEFAULT (0.1), `long_term_payback_weight` real NOT NULL DEFAULT (0.1), `share_of_wallet_weight` real NOT NULL DEFAULT (0.1), `growth_potential_weight` real NOT NULL DEFAULT (0.15), `loyalty_weight` real NOT NULL DEFAULT (0.1), `score` real NOT NULL DEFAULT (0), `recommended_tier` text NOT NULL DEFAULT ('GENERAL'), `note` text NULL, `account_id` integer NOT NULL, `value_assessment_assessed_by` integer NULL, CONSTRAINT `value_assessments_accounts_value_assessments` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `value_assessments_team_members_assessed_by` FOREIGN KEY (`value_assessment_assessed_by`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "value_assessments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("value_assessments", 107374182400);
-- Create index "valueassessment_account_id_assessed_at" to table: "value_assessments"
CREATE INDEX `valueassessment_account_id_assessed_at` ON `value_assessments` (`account_id`, `assessed_at`);
-- Create "engagement_owners" table
CREATE TABLE `engagement_owners` (`engagement_id` integer NOT NULL, `team_member_id` integer NOT NULL, PRIMARY KEY (`engagement_id`, `team_member_id`), CONSTRAINT `engagement_owners_engagement_id` FOREIGN KEY (`engagement_id`) REFERENCES `engagements` (`id`) ON DELETE CASCADE, CONSTRAINT `engagement_owners_team_member_id` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE);
-- Create "engagement_customer_owners" table
CREATE TABLE `engagement_customer_owners` (`engagement_id` integer NOT NULL, `contact_id` integer NOT NULL, PRIMARY KEY (`engagement_id`, `contact_id`), CONSTRAINT `engagement_customer_owners_engagement_id` FOREIGN KEY (`engagement_id`) REFERENCES `engagements` (`id`) ON DELETE CASCADE, CONSTRAINT `engagement_customer_owners_contact_id` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE);
