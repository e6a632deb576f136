-- Add column "response_due_at" to table: "complaints"
ALTER TABLE `complaints` ADD COLUMN `response_due_at` datetime NULL;
-- Add column "responded_at" to table: "complaints"
ALTER TABLE `complaints` ADD COLUMN `responded_at` datetime NULL;
