-- schemaparity migration plan: source -> target
-- source fingerprint 6126dbfbd758de24, target fingerprint b60726c6a137fc60
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x2, may_fail x1, table_rewrite x2

\set ON_ERROR_STOP on

-- ==== phase 2: create (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.type:public.t.id
--   object: column:public.t.id
--   lock: ACCESS EXCLUSIVE
--   hazard table_rewrite: integer -> bigint (USING a cast; some casts are free, most rewrite)
--   hazard access_exclusive_lock: for the whole rewrite
ALTER TABLE "public"."t" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;

-- step 2.column.type:public.t.payload
--   object: column:public.t.payload
--   lock: ACCESS EXCLUSIVE
--   hazard table_rewrite: text -> jsonb (USING a cast; some casts are free, most rewrite)
--   hazard access_exclusive_lock: for the whole rewrite
--   hazard may_fail: text -> jsonb: values that are not valid as the new type make the step fail
ALTER TABLE "public"."t" ALTER COLUMN "payload" TYPE jsonb USING "payload"::jsonb;
COMMIT;
