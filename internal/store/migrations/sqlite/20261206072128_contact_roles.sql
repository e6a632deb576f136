-- Create "contact_roles" table
CREATE TABLE `contact_roles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NULL, `decision_role` text NOT NULL DEFAULT ('USER'), `influence` integer NOT NULL DEFAULT (3), `account_id` integer NOT NULL, `contact_id` integer NOT NULL, CONSTRAINT `contact_roles_accounts_contact_roles` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `contact_roles_contacts_roles` FOREIGN KEY (`contact_id`) REFERENCES `contacts` (`id`) ON DELETE NO ACTION);
-- Set sequence for "contact_roles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contact_roles", 154618822656);
-- Create index "contactrole_contact_id_account_id" to table: "contact_roles"
CREATE UNIQUE INDEX `contactrole_contact_id_account_id` ON `contact_roles` (`contact_id`, `account_id`);
-- Create index "contactrole_account_id" to table: "contact_roles"
CREATE INDEX `contactrole_account_id` ON `contact_roles` (`account_id`);
