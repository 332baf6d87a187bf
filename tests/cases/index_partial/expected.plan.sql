-- schemaparity migration plan: source -> target
-- source fingerprint 1cdfee177d7e913e, target fingerprint ebcae7ed19b27bf7
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: index_build x2, index_drop x2

\set ON_ERROR_STOP on

-- ==== phase 4: constrain (4 steps) ====

-- step 4.index.drop:public.t.t_a_idx
--   object: index:public.t.t_a_idx
--   runs outside a transaction
--   hazard index_drop: queries that used it get slower
SET lock_timeout = '5s';
SET statement_timeout = '0';
DROP INDEX CONCURRENTLY IF EXISTS "public"."t_a_idx";

-- step 4.index.drop:public.t.t_open_idx
--   object: index:public.t.t_open_idx
--   runs outside a transaction
--   hazard index_drop: queries that used it get slower
SET lock_timeout = '5s';
SET statement_timeout = '0';
DROP INDEX CONCURRENTLY IF EXISTS "public"."t_open_idx";

-- step 4.index.create:public.t.t_a_idx
--   object: index:public.t.t_a_idx
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table and takes longer
SET lock_timeout = '5s';
SET statement_timeout = '0';
CREATE INDEX CONCURRENTLY t_a_idx ON public.t USING btree (a) WHERE (a > 0);

-- step 4.index.create:public.t.t_open_idx
--   object: index:public.t.t_open_idx
--   runs outside a transaction
--   hazard index_build: built CONCURRENTLY: no write lock, but it reads the whole table and takes longer
SET lock_timeout = '5s';
SET statement_timeout = '0';
CREATE INDEX CONCURRENTLY t_open_idx ON public.t USING btree (a) WHERE (done IS NOT TRUE);
