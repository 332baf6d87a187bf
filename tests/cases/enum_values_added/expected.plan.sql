-- schemaparity migration plan: source -> target
-- source fingerprint 29c1bc48472c7fc2, target fingerprint 163f123fb29438e1
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (3 steps) ====

-- step 1.enum.add_value:public.status
--   object: enum:public.status
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'review' AFTER 'draft';

-- step 1.enum.add_value:public.status#2
--   object: enum:public.status
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'deleted' AFTER 'archived';

-- step 1.enum.add_value:public.status#3
--   object: enum:public.status
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'purged' AFTER 'deleted';

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.set_default:public.post.status
--   object: column:public.post.status
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."post" ALTER COLUMN "status" SET DEFAULT 'review'::public.status;
COMMIT;
