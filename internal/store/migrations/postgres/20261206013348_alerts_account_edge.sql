-- Modify "alerts" table
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
-- Modify "alert_states" table
ALTER TABLE "alert_states" DROP CONSTRAINT "alert_states_alerts_states", ADD CONSTRAINT "alert_states_alerts_states" FOREIGN KEY ("alert_id") REFERENCES "alerts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
