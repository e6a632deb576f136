-- Create "webhooks" table
CREATE TABLE `webhooks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `url` text NOT NULL, `events` json NOT NULL, `secret` text NOT NULL, `description` text NULL, `active` bool NOT NULL DEFAULT (true));
-- Set sequence for "webhooks" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhooks", 73014444032);
-- Create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `event` text NOT NULL, `payload` json NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `created_at` datetime NOT NULL, `next_attempt_at` datetime NOT NULL, `delivered_at` datetime NULL, `last_status` integer NULL, `last_error` text NULL, `webhook_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhooks_deliveries` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE NO ACTION);
-- Set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 77309411328);
-- Create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
