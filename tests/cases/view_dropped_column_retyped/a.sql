CREATE TABLE events (id bigint PRIMARY KEY, user_id int NOT NULL, kind text);
CREATE VIEW user_actions AS SELECT user_id, kind FROM events;
CREATE VIEW recent_actions AS SELECT user_id FROM user_actions;
