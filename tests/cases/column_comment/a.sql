CREATE TABLE t ("MixedCase" text, "we""ird" text);
COMMENT ON COLUMN t."MixedCase" IS 'before';
