-- schemaparity migration plan: source -> target
-- source fingerprint bdc02b3fc8b882a2, target fingerprint 92913649e86e4a85
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
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

-- ==== phase 1: prepare (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.v
--   object: view:public.v
--   lock: ACCESS EXCLUSIVE
DROP VIEW IF EXISTS "public"."v";
COMMIT;

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.v
--   object: view:public.v
--   lock: ACCESS SHARE
CREATE OR REPLACE VIEW "public"."v" AS
SELECT id,
    name
   FROM public.t
  WHERE active;
COMMIT;
