-- Create "handovers" table
CREATE TABLE `handovers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `handed_over_at` datetime NOT NULL, `note` text NULL, `account_id` integer NOT NULL, `predecessor_id` integer NOT NULL, `successor_id` integer NOT NULL, CONSTRAINT `handovers_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `handovers_team_members_predecessor` FOREIGN KEY (`predecessor_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE, CONSTRAINT `handovers_team_members_successor` FOREIGN KEY (`successor_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE);
-- Set sequence for "handovers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("handovers", 158913789952);
-- Create index "handover_account_id" to table: "handovers"
CREATE INDEX `handover_account_id` ON `handovers` (`account_id`);
-- Create index "handover_predecessor_id" to table: "handovers"
CREATE INDEX `handover_predecessor_id` ON `handovers` (`predecessor_id`);
-- Create index "handover_successor_id" to table: "handovers"
CREATE INDEX `handover_successor_id` ON `handovers` (`successor_id`);
-- Create "handover_items" table
CREATE TABLE `handover_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `predecessor_strength` integer NOT NULL, `predecessor_primary_owner` bool NOT NULL DEFAULT (false), `predecessor_last_interaction_at` datetime NULL, `successor_strength` integer NOT NULL, `met_at` datetime NULL, `handover_id` integer NOT NULL, `contact_id` integer NOT NULL, `introduction_id` integer NULL, CONSTRAINT `handover_items_handovers_items` FOREIGN KEY (`handover_id`) REFERENCES `handovers` (`id`) ON DELETE CASCADE, CONSTRAINT `handover_items_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE, CONSTRAINT `handover_items_interactions_introduction` FOREIGN KEY (`introduction_id`) REFERENCES `interactions` (`id`) ON DELETE SET NULL);
-- Set sequence for "handover_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("handover_items", 163208757248);
-- Create index "handoveritem_handover_id" to table: "handover_items"
CREATE INDEX `handoveritem_handover_id` ON `handover_items` (`handover_id`);
-- Create index "handoveritem_contact_id" to table: "handover_items"
CREATE INDEX `handoveritem_contact_id` ON `handover_items` (`contact_id`);
