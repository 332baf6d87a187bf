-- schemaparity migration plan: source -> target
-- source fingerprint 2e7de4e955e340fc, target fingerprint f7ad75b62e97528f
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x1, share_lock x1
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

-- step 0.precheck.foreign_key:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: ACCESS SHARE
-- cost: full scan of public.c, one look-up a row in the key index of public.p
SET TRANSACTION READ ONLY;
DO $precheck$ DECLARE n bigint; examples text; BEGIN
    SELECT count(*), string_agg(x, ', ' ORDER BY x) FILTER (WHERE rn <= 5) INTO n, examples
      FROM (SELECT x, row_number() OVER (ORDER BY x) AS rn FROM (
            SELECT ROW(t."pid")::text FROM "public"."c" AS t WHERE t."pid" IS NOT NULL AND NOT EXISTS (SELECT FROM "public"."p" AS p WHERE p."id" = t."pid")
        ) AS bad (x)) AS s;
    IF n > 0 THEN
        RAISE EXCEPTION 'precheck failed: % %, e.g. %', n, 'orphan rows of public.c for c_fk (no match in public.p)', examples;
    END IF;
END $precheck$;
COMMIT;

-- ==== phase 3: backfill (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 3.constraint.add:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE ROW EXCLUSIVE
--   hazard share_lock: NOT VALID: only a brief lock; rows written from now on are checked, existing rows not yet
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."c"'::pg_catalog.regclass AND conname = 'c_fk_sp_swap') THEN
        ALTER TABLE "public"."c" ADD CONSTRAINT "c_fk_sp_swap" FOREIGN KEY (pid) REFERENCES public.p(id) ON DELETE SET NULL NOT VALID;
    END IF;
END $guard$;
COMMIT;

-- ==== phase 4: constrain (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.validate:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE UPDATE EXCLUSIVE
--   hazard full_table_scan: VALIDATE reads every row (SHARE UPDATE EXCLUSIVE: writes go on)
ALTER TABLE "public"."c" VALIDATE CONSTRAINT "c_fk_sp_swap";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.swap:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."c" DROP CONSTRAINT "c_fk";
ALTER TABLE "public"."c" RENAME CONSTRAINT "c_fk_sp_swap" TO "c_fk";
COMMIT;
