-- schemaparity migration plan: source -> target
-- source fingerprint dd547ea8752f02e9, target fingerprint d49957d1e27f9966
-- 6 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none
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

-- ==== phase 2: create (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.table.create:public.ev
--   object: table:public.ev
--   lock: none
CREATE TABLE IF NOT EXISTS "public"."ev" (
    "id" bigint NOT NULL,
    "at" date NOT NULL,
    "k" text
) PARTITION BY RANGE (at);

-- step 2.table.create:public.ev_default
--   object: table:public.ev_default
--   lock: none
CREATE TABLE IF NOT EXISTS "public"."ev_default" PARTITION OF "public"."ev" DEFAULT;
COMMIT;

-- ==== phase 4: constrain (4 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.ev.ev_pkey
--   object: constraint:public.ev.ev_pkey
--   lock: none
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."ev"'::pg_catalog.regclass AND conname = 'ev_pkey') THEN
        ALTER TABLE "public"."ev" ADD CONSTRAINT "ev_pkey" PRIMARY KEY (id, at);
    END IF;
END $guard$;

-- step 4.index.create:public.ev.ev_at_idx
--   object: index:public.ev.ev_at_idx
--   lock: none
CREATE INDEX IF NOT EXISTS ev_at_idx ON public.ev USING btree (at DESC);

-- step 4.index.create:public.ev.ev_k_at_key
--   object: index:public.ev.ev_k_at_key
--   lock: none
CREATE UNIQUE INDEX IF NOT EXISTS ev_k_at_key ON public.ev USING btree (k, at);

-- step 4.index.create:public.ev.ev_k_idx
--   object: index:public.ev.ev_k_idx
--   lock: none
CREATE INDEX IF NOT EXISTS ev_k_idx ON public.ev USING btree (k);
COMMIT;
