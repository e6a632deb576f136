-- Modify "complaints" table
ALTER TABLE "complaints" ADD COLUMN "response_due_at" timestamptz NULL, ADD COLUMN "responded_at" timestamptz NULL;
