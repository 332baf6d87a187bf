CREATE TYPE colour AS ENUM ('red', 'green', 'blue', 'mauve');
COMMENT ON TYPE colour IS 'paint colours';
CREATE DOMAIN paint AS colour NOT NULL DEFAULT 'red' CHECK (VALUE <> 'green');
CREATE TABLE wall (id int PRIMARY KEY, paint paint, palette colour[] DEFAULT '{red,blue}', trim colour);
CREATE TABLE bench (id int PRIMARY KEY, paint paint);
