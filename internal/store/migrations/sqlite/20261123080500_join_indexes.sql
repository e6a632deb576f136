-- Hand-written: ent cannot declare indexes on many-to-many join tables.
-- Reverse lookups (a contact's or a team member's interactions, computed
-- coverage strength, interaction stats by team member) use these.
CREATE INDEX IF NOT EXISTS `interaction_contacts_contact_id` ON `interaction_contacts` (`contact_id`);
CREATE INDEX IF NOT EXISTS `interaction_team_members_team_member_id` ON `interaction_team_members` (`team_member_id`);
CREATE INDEX IF NOT EXISTS `team_member_accounts_account_id` ON `team_member_accounts` (`account_id`);
