CREATE TABLE events (id int NOT NULL);
CREATE TABLE audit_events (actor text) INHERITS (events);
