CREATE TABLE events (id int NOT NULL);
CREATE TABLE audit_events (id int NOT NULL, actor text);
