-- schemaparity migration plan: source -> target
-- source fingerprint 1cdfee177d7e913e, target fingerprint ebcae7ed19b27bf7
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: index_build x2, index_drop x2
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

-- ==== phase 4: constrain (4 steps) ====

-- step 4.index.drop:public.t.t_a_idx
--   object: index:public.t.t_a_idx
--   lock: SHARE UPDATE EXCLUSIVE
--   runs outside a transaction
--   hazard index_drop: queries that used it get slower
SET lock_timeout = '5s';
SET statement_timeout = '0';
DROP INDEX CONCURRENTLY IF EXISTS "public"."t_a_idx";

-- step 4.index.drop:public.t.t_open_idx
--   object: index:public.t.t_open_idx
--   lock: SHARE UPDATE EXCLUSIVE
--   runs outside a transaction
--   hazard index_drop: queries that used it get slower
SET lock_timeout = '5s';
SET statement_timeout = '0';
DROP INDEX CONCURRENTLY IF EXISTS "public"."t_open_idx";

-- step 4.index.create:public.t.t_a_idx
--   object: index:public.t.t_a_idx
--   lock: SHARE UPDATE EXCLUSIVE
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table and takes longer
SET lock_timeout = '5s';
SET statement_timeout = '0';
-- an INVALID index left by a failed build is dropped, then built again
DO $guard$ BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass('public.t_a_idx') AND NOT indisvalid) THEN
        DROP INDEX public.t_a_idx;
    END IF;
END $guard$;
CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON public.t USING btree (a) WHERE (a > 0);

-- step 4.index.create:public.t.t_open_idx
--   object: index:public.t.t_open_idx
--   lock: SHARE UPDATE EXCLUSIVE
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table and takes longer
SET lock_timeout = '5s';
SET statement_timeout = '0';
-- an INVALID index left by a failed build is dropped, then built again
DO $guard$ BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass('public.t_open_idx') AND NOT indisvalid) THEN
        DROP INDEX public.t_open_idx;
    END IF;
END $guard$;
CREATE INDEX CONCURRENTLY IF NOT EXISTS t_open_idx ON public.t USING btree (a) WHERE (done IS NOT TRUE);
