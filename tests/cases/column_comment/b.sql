CREATE TABLE t ("MixedCase" text, "we""ird" text);
COMMENT ON COLUMN t."MixedCase" IS 'after';
COMMENT ON COLUMN t."we""ird" IS 'a double quote inside';
