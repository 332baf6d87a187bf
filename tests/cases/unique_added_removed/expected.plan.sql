-- schemaparity migration plan: source -> target
-- source fingerprint ea58318c6d1d2ad0, target fingerprint 2b10fc4aaafe5931
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: index_build x1
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

-- step 0.precheck.unique:public.t.t_b_uq
--   object: index:public.t.t_b_uq
--   lock: ACCESS SHARE
-- cost: full scan of public.t grouped by (b), or an index on them
SET TRANSACTION READ ONLY;
DO $precheck$ DECLARE n bigint; examples text; BEGIN
    SELECT count(*), string_agg(x, ', ' ORDER BY x) FILTER (WHERE rn <= 5) INTO n, examples
      FROM (SELECT x, row_number() OVER (ORDER BY x) AS rn FROM (
            SELECT ROW(b)::text FROM "public"."t" AS t WHERE (b) IS NOT NULL GROUP BY b HAVING count(*) > 1
        ) AS bad (x)) AS s;
    IF n > 0 THEN
        RAISE EXCEPTION 'precheck failed: % %, e.g. %', n, 'duplicate (b) groups in public.t', examples;
    END IF;
END $precheck$;
COMMIT;

-- ==== phase 4: constrain (2 steps) ====

-- step 4.index.create:public.t.t_b_uq
--   object: index:public.t.t_b_uq
--   lock: SHARE UPDATE EXCLUSIVE
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table
SET lock_timeout = '5s';
SET statement_timeout = '0';
-- an INVALID index left by a failed build is dropped, then built again
DO $guard$ BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass('public.t_b_uq') AND NOT indisvalid) THEN
        DROP INDEX public.t_b_uq;
    END IF;
END $guard$;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_b_uq ON public.t USING btree (b);

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.t.t_b_uq
--   object: constraint:public.t.t_b_uq
--   lock: ACCESS EXCLUSIVE
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."t"'::pg_catalog.regclass AND conname = 't_b_uq') THEN
        ALTER TABLE "public"."t" ADD CONSTRAINT "t_b_uq" UNIQUE USING INDEX "t_b_uq";
    END IF;
END $guard$;
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.constraint.drop:public.t.t_a_uq
--   object: constraint:public.t.t_a_uq
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" DROP CONSTRAINT IF EXISTS "t_a_uq";
COMMIT;
