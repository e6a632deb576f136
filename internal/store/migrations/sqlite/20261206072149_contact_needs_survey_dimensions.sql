-- Add column "sales_person" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `sales_person` real NULL;
-- Add column "contact_continuity" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `contact_continuity` real NULL;
-- Add column "contact_regularity" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `contact_regularity` real NULL;
-- Add column "product" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `product` real NULL;
-- Add column "delivery" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `delivery` real NULL;
-- Add column "company" to table: "surveys"
ALTER TABLE `surveys` ADD COLUMN `company` real NULL;
-- Create "contact_needs" table
CREATE TABLE `contact_needs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `layer` text NOT NULL, `text` text NOT NULL, `learned_at` datetime NOT NULL, `contact_id` integer NOT NULL, `learned_by_id` integer NULL, CONSTRAINT `contact_needs_contacts_contact` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE CASCADE, CONSTRAINT `contact_needs_team_members_learned_by` FOREIGN KEY (`learned_by_id`) REFERENCES `team_members` (`id`) ON DELETE SET NULL);
-- Set sequence for "contact_needs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contact_needs", 150323855360);
-- Create index "contactneed_contact_id_learned_at" to table: "contact_needs"
CREATE INDEX `contactneed_contact_id_learned_at` ON `contact_needs` (`contact_id`, `learned_at`);
