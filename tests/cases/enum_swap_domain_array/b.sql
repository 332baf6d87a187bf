CREATE TYPE colour AS ENUM ('red', 'green', 'blue');
COMMENT ON TYPE colour IS 'paint colours';
CREATE DOMAIN paint AS colour NOT NULL DEFAULT 'blue' CONSTRAINT paint_check CHECK (VALUE <> 'red');
COMMENT ON DOMAIN paint IS 'what walls and benches wear';
CREATE TABLE wall (id int PRIMARY KEY, paint paint, palette colour[] DEFAULT '{red,blue}', trim colour);
CREATE TABLE bench (id int PRIMARY KEY, paint paint);
