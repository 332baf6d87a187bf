CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TYPE colour AS ENUM ('teal', 'red', 'blue');
CREATE TABLE item (id int PRIMARY KEY, size size, colour colour);
CREATE VIEW small_red AS SELECT id FROM item WHERE size = 's' AND colour = 'red';
CREATE VIEW small_red_count AS SELECT count(*) AS n FROM small_red;
