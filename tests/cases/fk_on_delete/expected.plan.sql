-- schemaparity migration plan: source -> target
-- source fingerprint e85970b87719926f, target fingerprint 012a33671ce7049a
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x1, share_lock x1

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

-- ==== phase 4: constrain (3 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.drop:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."c" DROP CONSTRAINT IF EXISTS "c_fk";

-- step 4.constraint.add:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE ROW EXCLUSIVE
--   hazard share_lock: NOT VALID: only a brief lock, existing rows are not checked yet
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."c"'::pg_catalog.regclass AND conname = 'c_fk') THEN
        ALTER TABLE "public"."c" ADD CONSTRAINT "c_fk" FOREIGN KEY (pid) REFERENCES public.p(id) ON DELETE SET NULL NOT VALID;
    END IF;
END $guard$;

-- step 4.constraint.validate:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE UPDATE EXCLUSIVE
--   hazard full_table_scan: VALIDATE reads every row (SHARE UPDATE EXCLUSIVE: writes go on)
ALTER TABLE "public"."c" VALIDATE CONSTRAINT "c_fk";
COMMIT;
