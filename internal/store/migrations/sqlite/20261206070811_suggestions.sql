-- Create "suggestions" table
CREATE TABLE `suggestions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `relation_kind` text NULL, `strength` integer NOT NULL, `confidence` real NOT NULL, `evidence_count` integer NOT NULL, `last_evidence_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('PENDING'), `decided_by` text NULL, `decided_at` datetime NULL, `decided_evidence` integer NOT NULL DEFAULT (0), `pair_key` text NOT NULL, `derived_at` datetime NOT NULL, `account_id` integer NOT NULL, `contact_id` integer NOT NULL, `other_contact_id` integer NULL, `team_member_id` integer NULL, CONSTRAINT `suggestions_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE, CONSTRAINT `suggestions_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE, CONSTRAINT `suggestions_contacts_other_contact` FOREIGN KEY (`other_contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE, CONSTRAINT `suggestions_team_members_team_member` FOREIGN KEY (`team_member_id`) REFERENCES `team_members` (`id`) ON DELETE CASCADE);
-- Set sequence for "suggestions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("suggestions", 167503724544);
-- Create index "suggestions_pair_key_key" to table: "suggestions"
CREATE UNIQUE INDEX `suggestions_pair_key_key` ON `suggestions` (`pair_key`);
-- Create index "suggestion_account_id_state" to table: "suggestions"
CREATE INDEX `suggestion_account_id_state` ON `suggestions` (`account_id`, `state`);
