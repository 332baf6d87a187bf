-- schemaparity migration plan: source -> target
-- source fingerprint e4fd06334da8a78f, target fingerprint 4d37ef2c0e9bbb34
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: deletes_data x1

\set ON_ERROR_STOP on

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.add:public.t.naïve
--   object: column:public.t.naïve
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" ADD COLUMN "naïve" boolean DEFAULT false NOT NULL;
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.column.drop:public.t.select
--   object: column:public.t.select
--   lock: ACCESS EXCLUSIVE
--   hazard deletes_data: column select and its values are gone
ALTER TABLE "public"."t" DROP COLUMN "select";
COMMIT;
