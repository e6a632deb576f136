-- Create "graph_epochs" table
CREATE TABLE `graph_epochs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `epoch` integer NOT NULL DEFAULT (0));
-- Set sequence for "graph_epochs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("graph_epochs", 81604378624);
