-- schemaparity migration plan: source -> target
-- source fingerprint ea58318c6d1d2ad0, target fingerprint 2b10fc4aaafe5931
-- 3 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: index_build x1

\set ON_ERROR_STOP on

-- ==== phase 4: constrain (2 steps) ====

-- step 4.index.create:public.t.t_b_uq
--   object: index:public.t.t_b_uq
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table
SET lock_timeout = '5s';
SET statement_timeout = '0';
CREATE UNIQUE INDEX CONCURRENTLY t_b_uq ON public.t USING btree (b);

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.t.t_b_uq
--   object: constraint:public.t.t_b_uq
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" ADD CONSTRAINT "t_b_uq" UNIQUE USING INDEX "t_b_uq";
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.constraint.drop:public.t.t_a_uq
--   object: constraint:public.t.t_a_uq
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" DROP CONSTRAINT "t_a_uq";
COMMIT;
