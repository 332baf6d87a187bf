-- schemaparity migration plan: source -> target
-- source fingerprint 2e7de4e955e340fc, target fingerprint f7ad75b62e97528f
-- 3 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x1, share_lock x1

\set ON_ERROR_STOP on

-- ==== phase 4: constrain (3 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.drop:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."c" DROP CONSTRAINT "c_fk";

-- step 4.constraint.add:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE ROW EXCLUSIVE
--   hazard share_lock: NOT VALID: only a brief lock, existing rows are not checked yet
ALTER TABLE "public"."c" ADD CONSTRAINT "c_fk" FOREIGN KEY (pid) REFERENCES public.p(id) ON DELETE SET NULL NOT VALID;

-- step 4.constraint.validate:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE UPDATE EXCLUSIVE
--   hazard full_table_scan: VALIDATE reads every row (SHARE UPDATE EXCLUSIVE: writes go on)
ALTER TABLE "public"."c" VALIDATE CONSTRAINT "c_fk";
COMMIT;
