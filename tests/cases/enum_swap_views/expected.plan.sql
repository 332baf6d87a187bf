-- schemaparity migration plan: source -> target
-- source fingerprint e564a71f5fc22093, target fingerprint 0f1c7787add5b0c0
-- 6 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x3, enum_value_change x1, table_rewrite x1
--
-- expand -> deploy -> contract:
--   phase 0 (precheck) only reads: it stops the plan, before any change, on rows the
--   new keys, CHECKs, NOT NULLs, narrowed types or partition bounds would refuse, naming
--   counts and keys.
--   phases 1-2 (prepare, create) only add: the running application keeps working.
--   Before phase 3, deploy the version that writes the new columns and keeps the new
--   CHECK and foreign keys: from phase 3 on they hold for every row written.
--   Phase 6 (contract) drops: run it once no running version reads what it drops.
-- Each step that blocks writers commits alone under lock_timeout; a timeout stops the
-- plan at that step, nothing after it has run; every step checks the catalog first, so
-- the same file run again after a failure completes it. Check by hand: the backfill
-- rules, and long transactions that would make a step wait for its lock
-- (pg_stat_activity).

\set ON_ERROR_STOP on

-- ==== phase 0: precheck (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 0.precheck.enum_value:public.post.state
--   object: column:public.post.state
--   lock: ACCESS SHARE
-- cost: full scan of public.post
SET TRANSACTION READ ONLY;
DO $precheck$ DECLARE n bigint; examples text; BEGIN
    SELECT count(*), string_agg(x, ', ' ORDER BY x) FILTER (WHERE rn <= 5) INTO n, examples
      FROM (SELECT x, row_number() OVER (ORDER BY x) AS rn FROM (
            SELECT ROW(t."id")::text FROM "public"."post" AS t WHERE t."state"::text = ANY (ARRAY['review']::text[])
        ) AS bad (x)) AS s;
    IF n > 0 THEN
        RAISE EXCEPTION 'precheck failed: % %, e.g. %', n, 'rows of public.post hold in state a value removed from public.Status Enum (review)', examples;
    END IF;
END $precheck$;
COMMIT;

-- ==== phase 1: prepare (3 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.live_title
--   object: view:public.live_title
--   lock: ACCESS EXCLUSIVE
--   hazard access_exclusive_lock: dropped for the enum swap and re-created after it: queries on it fail in between
DROP VIEW IF EXISTS "public"."live_title";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.live_post
--   object: view:public.live_post
--   lock: ACCESS EXCLUSIVE
--   hazard access_exclusive_lock: dropped for the enum swap and re-created after it: queries on it fail in between
DROP VIEW IF EXISTS "public"."live_post";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.enum.swap:public.Status Enum
--   object: enum:public.Status Enum
--   lock: ACCESS EXCLUSIVE
--   hazard enum_value_change: values review removed: the type is swapped; rows holding a removed value make the cast fail
--   hazard table_rewrite: 1 column(s) are rewritten
--   hazard access_exclusive_lock: tables using the type are locked
DO $guard$ BEGIN
    IF pg_catalog.to_regtype('"public"."Status Enum__old"') IS NULL AND pg_catalog.to_regtype('"public"."Status Enum"') IS NOT NULL AND ARRAY(SELECT enumlabel::pg_catalog.text FROM pg_catalog.pg_enum WHERE enumtypid = pg_catalog.to_regtype('"public"."Status Enum"') ORDER BY enumsortorder) IS DISTINCT FROM ARRAY['draft', 'published', 'archived']::pg_catalog.text[] THEN
        ALTER TYPE "public"."Status Enum" RENAME TO "Status Enum__old";
    END IF;
END $guard$;
DO $guard$ BEGIN
    IF pg_catalog.to_regtype('"public"."Status Enum"') IS NULL THEN
        CREATE TYPE "public"."Status Enum" AS ENUM ('draft', 'published', 'archived');
    END IF;
END $guard$;
DO $guard$ BEGIN
    IF (SELECT atttypid FROM pg_catalog.pg_attribute WHERE attrelid = '"public"."post"'::pg_catalog.regclass AND attname = 'state') IS DISTINCT FROM pg_catalog.to_regtype('"public"."Status Enum"') THEN
        ALTER TABLE "public"."post" ALTER COLUMN "state" DROP DEFAULT;
        ALTER TABLE "public"."post" ALTER COLUMN "state" TYPE "public"."Status Enum" USING "state"::text::"public"."Status Enum";
        ALTER TABLE "public"."post" ALTER COLUMN "state" SET DEFAULT 'draft'::public."Status Enum";
    END IF;
END $guard$;
DROP TYPE IF EXISTS "public"."Status Enum__old";
COMMIT;

-- ==== phase 5: dependent (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.live_post
--   object: view:public.live_post
--   lock: ACCESS SHARE
CREATE OR REPLACE VIEW "public"."live_post" AS
SELECT id,
    title,
    state
   FROM public.post
  WHERE (state <> 'archived'::public."Status Enum");

-- step 5.view.create:public.live_title
--   object: view:public.live_title
--   lock: ACCESS SHARE
CREATE OR REPLACE VIEW "public"."live_title" AS
SELECT id,
    title
   FROM public.live_post;
COMMIT;
