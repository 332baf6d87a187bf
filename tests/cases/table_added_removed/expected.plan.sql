-- schemaparity migration plan: source -> target
-- source fingerprint b3462ff6e6d34d7b, target fingerprint 9d384000097e4c58
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: deletes_data x1
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

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.table.create:public.Größe
--   object: table:public.Größe
--   lock: none
CREATE TABLE IF NOT EXISTS "public"."Größe" (
    "id" integer NOT NULL,
    "select" integer NOT NULL
);
COMMIT;

-- ==== phase 4: constrain (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.Größe.Größe_pkey
--   object: constraint:public.Größe.Größe_pkey
--   lock: none
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."Größe"'::pg_catalog.regclass AND conname = 'Größe_pkey') THEN
        ALTER TABLE "public"."Größe" ADD CONSTRAINT "Größe_pkey" PRIMARY KEY (id);
    END IF;
END $guard$;

-- step 4.constraint.add:public.Größe.Größe_select_key
--   object: constraint:public.Größe.Größe_select_key
--   lock: none
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."Größe"'::pg_catalog.regclass AND conname = 'Größe_select_key') THEN
        ALTER TABLE "public"."Größe" ADD CONSTRAINT "Größe_select_key" UNIQUE ("select");
    END IF;
END $guard$;
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.table.drop:public.order
--   object: table:public.order
--   lock: ACCESS EXCLUSIVE
--   hazard deletes_data: table public.order and its rows are gone
DROP TABLE IF EXISTS "public"."order";
COMMIT;
