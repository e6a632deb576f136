-- Create "changes" table
CREATE TABLE `changes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `txid` integer NOT NULL DEFAULT (0), `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `account_id` integer NOT NULL DEFAULT (0), `also` integer NOT NULL DEFAULT (0), `at` datetime NOT NULL);
-- Set sequence for "changes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("changes", 90194313216);
-- Create index "change_txid" to table: "changes"
CREATE INDEX `change_txid` ON `changes` (`txid`);
-- Create index "change_at" to table: "changes"
CREATE INDEX `change_at` ON `changes` (`at`);
