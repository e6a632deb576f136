-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "account_offerings" table
CREATE TABLE `account_offerings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `current_revenue` real NOT NULL DEFAULT (0), `potential` real NOT NULL DEFAULT (0), `status` text NOT NULL DEFAULT ('NOT_DISCUSSED'), `current_need` text NULL, `need_met` text NULL, `future_need` text NULL, `account_id` integer NOT NULL, `offering_id` integer NOT NULL, CONSTRAINT `account_offerings_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `account_offerings_offerings_offering` FOREIGN KEY (`offering_id`) REFERENCES `offerings` (`id`) ON DELETE CASCADE);
-- Set sequence for "account_offerings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("account_offerings", 124554051584);
-- Create index "accountoffering_account_id_offering_id" to table: "account_offerings"
CREATE UNIQUE INDEX `accountoffering_account_id_offering_id` ON `account_offerings` (`account_id`, `offering_id`);
-- Create index "accountoffering_offering_id" to table: "account_offerings"
CREATE INDEX `accountoffering_offering_id` ON `account_offerings` (`offering_id`);
-- Create "account_plans" table
CREATE TABLE `account_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `fiscal_year` integer NOT NULL, `title` text NULL, `summary` text NULL, `account_id` integer NOT NULL, `owner_id` integer NULL, CONSTRAINT `account_plans_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `account_plans_team_members_owner` FOREIGN KEY (`owner_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "account_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("account_plans", 128849018880);
-- Create index "accountplan_account_id_fiscal_year" to table: "account_plans"
CREATE UNIQUE INDEX `accountplan_account_id_fiscal_year` ON `account_plans` (`account_id`, `fiscal_year`);
-- Create "objectives" table
CREATE TABLE `objectives` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `metric` text NOT NULL, `target` real NOT NULL, `due_at` datetime NULL, `plan_id` integer NOT NULL, `contact_id` integer NULL, `owner_id` integer NULL, CONSTRAINT `objectives_account_plans_objectives` FOREIGN KEY (`plan_id`) REFERENCES `account_plans` (`id`) ON DELETE CASCADE, CONSTRAINT `objectives_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE SET NULL, CONSTRAINT `objectives_team_members_owner` FOREIGN KEY (`owner_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "objectives" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("objectives", 133143986176);
-- Create index "objective_plan_id" to table: "objectives"
CREATE INDEX `objective_plan_id` ON `objectives` (`plan_id`);
-- Create "offerings" table
CREATE TABLE `offerings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `category` text NULL, `description` text NULL, `active` bool NOT NULL DEFAULT (true));
-- Set sequence for "offerings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("offerings", 137438953472);
-- Create index "offerings_name_key" to table: "offerings"
CREATE UNIQUE INDEX `offerings_name_key` ON `offerings` (`name`);
-- Create "risks" table
CREATE TABLE `risks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `description` text NOT NULL, `severity` text NOT NULL DEFAULT ('MEDIUM'), `mitigation` text NULL, `plan_id` integer NOT NULL, `owner_id` integer NULL, CONSTRAINT `risks_account_plans_risks` FOREIGN KEY (`plan_id`) REFERENCES `account_plans` (`id`) ON DELETE CASCADE, CONSTRAINT `risks_team_members_owner` FOREIGN KEY (`owner_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "risks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("risks", 141733920768);
-- Create "tier_policies" table
CREATE TABLE `tier_policies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `tier` text NOT NULL, `effective_from` datetime NOT NULL, `cadence` json NOT NULL, `default_days` integer NOT NULL, `min_coverage_strength` integer NOT NULL, `min_coverage_threads` integer NOT NULL, `executive_pairing_required` bool NOT NULL, `budget_share` real NOT NULL, `note` text NULL);
-- Set sequence for "tier_policies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("tier_policies", 146028888064);
-- Create index "tierpolicy_tier_effective_from" to table: "tier_policies"
CREATE UNIQUE INDEX `tierpolicy_tier_effective_from` ON `tier_policies` (`tier`, `effective_from`);
-- Create "new_interactions" table
CREATE TABLE `new_interactions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `occurred_at` datetime NOT NULL, `subject` text NULL, `cost` real NOT NULL DEFAULT (0), `outcome` text NULL, `status` text NOT NULL DEFAULT ('DONE'), `budgeted_cost` real NULL, `external_id` text NULL, `account_id` integer NOT NULL, `plan_id` integer NULL, `owner_id` integer NULL, CONSTRAINT `interactions_accounts_interactions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `interactions_account_plans_plan` FOREIGN KEY (`plan_id`) REFERENCES `account_plans` (`id`) ON DELETE SET NULL, CONSTRAINT `interactions_team_members_owner` FOREIGN KEY (`owner_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_interactions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_interactions", 34359738368);
-- Copy rows from old table "interactions" to new temporary table "new_interactions"
INSERT INTO `new_interactions` (`id`, `created_at`, `updated_at`, `kind`, `occurred_at`, `subject`, `cost`, `outcome`, `external_id`, `account_id`) SELECT `id`, `created_at`, `updated_at`, `kind`, `occurred_at`, `subject`, `cost`, `outcome`, `external_id`, `account_id` FROM `interactions`;
-- Drop "interactions" table after copying rows
DROP TABLE `interactions`;
-- Rename temporary table "new_interactions" to "interactions"
ALTER TABLE `new_interactions` RENAME TO `interactions`;
-- Create index "interactions_external_id_key" to table: "interactions"
CREATE UNIQUE INDEX `interactions_external_id_key` ON `interactions` (`external_id`);
-- Create index "interaction_account_id_occurred_at" to table: "interactions"
CREATE INDEX `interaction_account_id_occurred_at` ON `interactions` (`account_id`, `occurred_at`);
-- Create index "interaction_occurred_at" to table: "interactions"
CREATE INDEX `interaction_occurred_at` ON `interactions` (`occurred_at`);
-- Create index "interaction_plan_id" to table: "interactions"
CREATE INDEX `interaction_plan_id` ON `interactions` (`plan_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
