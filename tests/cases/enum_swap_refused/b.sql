CREATE TYPE grade AS ENUM ('a', 'b', 'c', 'f');
CREATE TYPE mark AS (grade grade, note text);
CREATE TABLE exam (id int PRIMARY KEY, grade grade, passed boolean GENERATED ALWAYS AS (grade <> 'c') STORED);
