-- Create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `segment` text NOT NULL DEFAULT ('ENTERPRISE'), `industry` text NULL, `region` text NULL, `tier` text NOT NULL DEFAULT ('GENERAL'), `annual_revenue` real NOT NULL DEFAULT (0), `potential_value` real NOT NULL DEFAULT (0), `lifecycle_stage` text NOT NULL DEFAULT ('ACQUIRE'), `loyalty_stage` text NOT NULL DEFAULT ('SUSPICIOUS'), `external_id` text NULL, `parent_id` integer NULL, CONSTRAINT `accounts_accounts_subsidiaries` FOREIGN KEY (`parent_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- Create index "accounts_external_id_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_external_id_key` ON `accounts` (`external_id`);
-- Create index "account_name" to table: "accounts"
CREATE INDEX `account_name` ON `accounts` (`name`);
-- Create index "account_tier" to table: "accounts"
CREATE INDEX `account_tier` ON `accounts` (`tier`);
-- Create "assessments" table
CREATE TABLE `assessments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `attitude` text NOT NULL, `influence` integer NOT NULL, `interest` integer NOT NULL DEFAULT (3), `assessed_at` datetime NOT NULL, `note` text NULL, `contact_id` integer NOT NULL, `assessed_by_id` integer NULL, CONSTRAINT `assessments_contacts_assessments` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION, CONSTRAINT `assessments_team_members_assessments` FOREIGN KEY (`assessed_by_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "assessments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("assessments", 4294967296);
-- Create index "assessment_contact_id_assessed_at" to table: "assessments"
CREATE INDEX `assessment_contact_id_assessed_at` ON `assessments` (`contact_id`, `assessed_at`);
-- Create "budgets" table
CREATE TABLE `budgets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period` text NOT NULL, `planned` real NOT NULL, `account_id` integer NOT NULL, CONSTRAINT `budgets_accounts_budgets` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "budgets" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("budgets", 8589934592);
-- Create index "budget_account_id_period" to table: "budgets"
CREATE UNIQUE INDEX `budget_account_id_period` ON `budgets` (`account_id`, `period`);
-- Create "complaints" table
CREATE TABLE `complaints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `summary` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `severity` text NOT NULL DEFAULT ('MEDIUM'), `opened_at` datetime NOT NULL, `resolved_at` datetime NULL, `account_id` integer NOT NULL, CONSTRAINT `complaints_accounts_complaints` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "complaints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("complaints", 12884901888);
-- Create index "complaint_account_id_opened_at" to table: "complaints"
CREATE INDEX `complaint_account_id_opened_at` ON `complaints` (`account_id`, `opened_at`);
-- Create "contacts" table
CREATE TABLE `contacts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `title` text NULL, `department` text NULL, `seniority` text NOT NULL DEFAULT ('STAFF'), `decision_role` text NOT NULL DEFAULT ('USER'), `attitude` text NOT NULL DEFAULT ('NEUTRAL'), `influence` integer NOT NULL DEFAULT (3), `interest` integer NOT NULL DEFAULT (3), `status` text NOT NULL DEFAULT ('ACTIVE'), `left_at` datetime NULL, `email` text NULL, `phone` text NULL, `notes` text NULL, `external_id` text NULL, `account_id` integer NOT NULL, `reports_to_id` integer NULL, CONSTRAINT `contacts_accounts_contacts` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `contacts_contacts_reports` FOREIGN KEY (`reports_to_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL);
-- Set sequence for "contacts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contacts", 17179869184);
-- Create index "contacts_external_id_key" to table: "contacts"
CREATE UNIQUE INDEX `contacts_external_id_key` ON `contacts` (`external_id`);
-- Create index "contact_account_id_name" to table: "contacts"
CREATE INDEX `contact_account_id_name` ON `contacts` (`account_id`, `name`);
-- Create index "contact_reports_to_id" to table: "contacts"
CREATE INDEX `contact_reports_to_id` ON `contacts` (`reports_to_id`);
-- Create index "contact_decision_role" to table: "contacts"
CREATE INDEX `contact_decision_role` ON `contacts` (`decision_role`);
-- Create "contact_relations" table
CREATE TABLE `contact_relations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `source` text NOT NULL DEFAULT ('MANUAL'), `confidence` real NOT NULL DEFAULT (1), `kind` text NOT NULL, `strength` integer NOT NULL DEFAULT (3), `valid_from` datetime NOT NULL, `valid_to` datetime NULL, `notes` text NULL, `from_id` integer NOT NULL, `to_id` integer NOT NULL, CONSTRAINT `contact_relations_contacts_outgoing_relations` FOREIGN KEY (`from_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION, CONSTRAINT `contact_relations_contacts_incoming_relations` FOREIGN KEY (`to_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "contact_relations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contact_relations", 21474836480);
-- Create index "contactrelation_from_id_kind" to table: "contact_relations"
CREATE INDEX `contactrelation_from_id_kind` ON `contact_relations` (`from_id`, `kind`);
-- Create index "contactrelation_to_id_kind" to table: "contact_relations"
CREATE INDEX `contactrelation_to_id_kind` ON `contact_relations` (`to_id`, `kind`);
-- Create "coverages" table
CREATE TABLE `coverages` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `source` text NOT NULL DEFAULT ('MANUAL'), `confidence` real NOT NULL DEFAULT (1), `strength` integer NOT NULL DEFAULT (1), `last_interaction_at` datetime NULL, `primary_owner` bool NOT NULL DEFAULT (false), `contact_id` integer NOT NULL, `team_member_id` integer NOT NULL, CONSTRAINT `coverages_contacts_coverages` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION, CONSTRAINT `coverages_team_members_coverages` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE NO ACTION);
-- Set sequence for "coverages" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("coverages", 25769803776);
-- Create index "coverage_team_member_id_contact_id" to table: "coverages"
CREATE UNIQUE INDEX `coverage_team_member_id_contact_id` ON `coverages` (`team_member_id`, `contact_id`);
-- Create index "coverage_contact_id" to table: "coverages"
CREATE INDEX `coverage_contact_id` ON `coverages` (`contact_id`);
-- Create "decision_chain_links" table
CREATE TABLE `decision_chain_links` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `role` text NOT NULL, `position` integer NOT NULL, `stance` text NOT NULL DEFAULT ('NEUTRAL'), `weight` real NOT NULL DEFAULT (1), `contact_id` integer NOT NULL, `opportunity_id` integer NOT NULL, CONSTRAINT `decision_chain_links_contacts_chain_links` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION, CONSTRAINT `decision_chain_links_opportunities_chain_links` FOREIGN KEY (`opportunity_id`) REFERENCES `opportunities` (`id`) ON DELETE NO ACTION);
-- Set sequence for "decision_chain_links" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("decision_chain_links", 30064771072);
-- Create index "decisionchainlink_opportunity_id_contact_id_role" to table: "decision_chain_links"
CREATE UNIQUE INDEX `decisionchainlink_opportunity_id_contact_id_role` ON `decision_chain_links` (`opportunity_id`, `contact_id`, `role`);
-- Create index "decisionchainlink_contact_id" to table: "decision_chain_links"
CREATE INDEX `decisionchainlink_contact_id` ON `decision_chain_links` (`contact_id`);
-- Create "interactions" table
CREATE TABLE `interactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `occurred_at` datetime NOT NULL, `subject` text NULL, `cost` real NOT NULL DEFAULT (0), `outcome` text NULL, `external_id` text NULL, `account_id` integer NOT NULL, CONSTRAINT `interactions_accounts_interactions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "interactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("interactions", 34359738368);
-- Create index "interactions_external_id_key" to table: "interactions"
CREATE UNIQUE INDEX `interactions_external_id_key` ON `interactions` (`external_id`);
-- Create index "interaction_account_id_occurred_at" to table: "interactions"
CREATE INDEX `interaction_account_id_occurred_at` ON `interactions` (`account_id`, `occurred_at`);
-- Create index "interaction_occurred_at" to table: "interactions"
CREATE INDEX `interaction_occurred_at` ON `interactions` (`occurred_at`);
-- Create "opportunities" table
CREATE TABLE `opportunities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `stage` text NOT NULL DEFAULT ('LEAD'), `amount` real NOT NULL DEFAULT (0), `expected_close_date` datetime NULL, `competitors` json NULL, `external_id` text NULL, `account_id` integer NOT NULL, CONSTRAINT `opportunities_accounts_opportunities` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "opportunities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("opportunities", 38654705664);
-- Create index "opportunities_external_id_key" to table: "opportunities"
CREATE UNIQUE INDEX `opportunities_external_id_key` ON `opportunities` (`external_id`);
-- Create index "opportunity_account_id_stage" to table: "opportunities"
CREATE INDEX `opportunity_account_id_stage` ON `opportunities` (`account_id`, `stage`);
-- Create "surveys" table
CREATE TABLE `surveys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `score` real NOT NULL, `channel` text NOT NULL, `surveyed_at` datetime NOT NULL, `comment` text NULL, `account_id` integer NOT NULL, CONSTRAINT `surveys_accounts_surveys` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "surveys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("surveys", 42949672960);
-- Create index "survey_account_id_surveyed_at" to table: "surveys"
CREATE INDEX `survey_account_id_surveyed_at` ON `surveys` (`account_id`, `surveyed_at`);
-- Create "team_members" table
CREATE TABLE `team_members` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `email` text NOT NULL, `team_role` text NOT NULL DEFAULT ('ACCOUNT_MANAGER'), `active` bool NOT NULL DEFAULT (true), `external_id` text NULL);
-- Set sequence for "team_members" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("team_members", 47244640256);
-- Create index "team_members_email_key" to table: "team_members"
CREATE UNIQUE INDEX `team_members_email_key` ON `team_members` (`email`);
-- Create index "team_members_external_id_key" to table: "team_members"
CREATE UNIQUE INDEX `team_members_external_id_key` ON `team_members` (`external_id`);
-- Create "tier_changes" table
CREATE TABLE `tier_changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `from_tier` text NULL, `to_tier` text NOT NULL, `changed_at` datetime NOT NULL, `reason` text NULL, `account_id` integer NOT NULL, CONSTRAINT `tier_changes_accounts_tier_changes` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "tier_changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tier_changes", 51539607552);
-- Create index "tierchange_account_id_changed_at" to table: "tier_changes"
CREATE INDEX `tierchange_account_id_changed_at` ON `tier_changes` (`account_id`, `changed_at`);
-- Create "account_partners" table
CREATE TABLE `account_partners` (`account_id` integer NOT NULL, `partner_id` integer NOT NULL, PRIMARY KEY (`account_id`, `partner_id`), CONSTRAINT `account_partners_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `account_partners_partner_id` FOREIGN KEY (`partner_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- Create "interaction_contacts" table
CREATE TABLE `interaction_contacts` (`interaction_id` integer NOT NULL, `contact_id` integer NOT NULL, PRIMARY KEY (`interaction_id`, `contact_id`), CONSTRAINT `interaction_contacts_interaction_id` FOREIGN KEY (`interaction_id`) REFERENCES `interactions` (`id`) ON DELETE CASCADE, CONSTRAINT `interaction_contacts_contact_id` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE);
-- Create "interaction_team_members" table
CREATE TABLE `interaction_team_members` (`interaction_id` integer NOT NULL, `team_member_id` integer NOT NULL, PRIMARY KEY (`interaction_id`, `team_member_id`), CONSTRAINT `interaction_team_members_interaction_id` FOREIGN KEY (`interaction_id`) REFERENCES `interactions` (`id`) ON DELETE CASCADE, CONSTRAINT `interaction_team_members_team_member_id` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE);
-- Create "team_member_accounts" table
CREATE TABLE `team_member_accounts` (`team_member_id` integer NOT NULL, `account_id` integer NOT NULL, PRIMARY KEY (`team_member_id`, `account_id`), CONSTRAINT `team_member_accounts_team_member_id` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE, CONSTRAINT `team_member_accounts_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
