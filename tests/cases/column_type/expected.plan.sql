-- schemaparity migration plan: source -> target
-- source fingerprint 6126dbfbd758de24, target fingerprint b60726c6a137fc60
-- 3 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x2, may_fail x1, table_rewrite x2
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

-- step 0.precheck.type:public.t.payload
--   object: column:public.t.payload
--   lock: ACCESS SHARE
-- cost: full scan of public.t, one cast a distinct value
SET TRANSACTION READ ONLY;
DO $precheck$
DECLARE
    n bigint := 0;
    examples text[] := '{}';
    r record;
BEGIN
    FOR r IN SELECT t."payload"::text AS v, count(*) AS rows
               FROM "public"."t" AS t
              WHERE t."payload" IS NOT NULL GROUP BY 1 ORDER BY 1 LOOP
        BEGIN
            PERFORM r.v::text::jsonb;
        EXCEPTION WHEN others THEN
            n := n + r.rows;
            IF cardinality(examples) < 5 THEN
                examples := examples || quote_literal(r.v);
            END IF;
        END;
    END LOOP;
    IF n > 0 THEN
        RAISE EXCEPTION 'precheck failed: % %, e.g. %', n, 'rows of public.t hold a payload value that jsonb cannot keep exactly', array_to_string(examples, ', ');
    END IF;
END
$precheck$;
COMMIT;

-- ==== phase 2: create (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.type:public.t.id
--   object: column:public.t.id
--   lock: ACCESS EXCLUSIVE
--   hazard table_rewrite: integer -> bigint (USING a cast; some casts are free, most rewrite)
--   hazard access_exclusive_lock: for the whole rewrite
ALTER TABLE "public"."t" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.type:public.t.payload
--   object: column:public.t.payload
--   lock: ACCESS EXCLUSIVE
--   hazard table_rewrite: text -> jsonb (USING a cast; some casts are free, most rewrite)
--   hazard access_exclusive_lock: for the whole rewrite
--   hazard may_fail: text -> jsonb: values that are not valid as the new type make the step fail
ALTER TABLE "public"."t" ALTER COLUMN "payload" TYPE jsonb USING "payload"::jsonb;
COMMIT;
