-- schemaparity migration plan: source -> target
-- source fingerprint e564a71f5fc22093, target fingerprint 0f1c7787add5b0c0
-- 5 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x3, enum_value_change x1, table_rewrite x1

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (3 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.live_title
--   object: view:public.live_title
--   hazard access_exclusive_lock: dropped for the enum swap and re-created after it: queries on it fail in between
DROP VIEW "public"."live_title";

-- step 1.view.drop:public.live_post
--   object: view:public.live_post
--   hazard access_exclusive_lock: dropped for the enum swap and re-created after it: queries on it fail in between
DROP VIEW "public"."live_post";

-- step 1.enum.swap:public.Status Enum
--   object: enum:public.Status Enum
--   lock: ACCESS EXCLUSIVE
--   hazard enum_value_change: values review removed: the type is swapped; rows holding a removed value make the cast fail
--   hazard table_rewrite: 1 column(s) are rewritten
--   hazard access_exclusive_lock: tables using the type are locked
ALTER TYPE "public"."Status Enum" RENAME TO "Status Enum__old";
CREATE TYPE "public"."Status Enum" AS ENUM ('draft', 'published', 'archived');
ALTER TABLE "public"."post" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "public"."post" ALTER COLUMN "state" TYPE "public"."Status Enum" USING "state"::text::"public"."Status Enum";
ALTER TABLE "public"."post" ALTER COLUMN "state" SET DEFAULT 'draft'::public."Status Enum";
DROP TYPE "public"."Status Enum__old";
COMMIT;

-- ==== phase 5: dependent (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.live_post
--   object: view:public.live_post
CREATE VIEW "public"."live_post" AS
SELECT id,
    title,
    state
   FROM public.post
  WHERE (state <> 'archived'::public."Status Enum");

-- step 5.view.create:public.live_title
--   object: view:public.live_title
CREATE VIEW "public"."live_title" AS
SELECT id,
    title
   FROM public.live_post;
COMMIT;
