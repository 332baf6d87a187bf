-- schemaparity migration plan: source -> target
-- source fingerprint dd547ea8752f02e9, target fingerprint d49957d1e27f9966
-- 6 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 2: create (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.table.create:public.ev
--   object: table:public.ev
CREATE TABLE "public"."ev" (
    "id" bigint NOT NULL,
    "at" date NOT NULL,
    "k" text
) PARTITION BY RANGE (at);

-- step 2.table.create:public.ev_default
--   object: table:public.ev_default
CREATE TABLE "public"."ev_default" PARTITION OF "public"."ev" DEFAULT;
COMMIT;

-- ==== phase 4: constrain (4 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.ev.ev_pkey
--   object: constraint:public.ev.ev_pkey
ALTER TABLE "public"."ev" ADD CONSTRAINT "ev_pkey" PRIMARY KEY (id, at);

-- step 4.index.create:public.ev.ev_at_idx
--   object: index:public.ev.ev_at_idx
CREATE INDEX ev_at_idx ON public.ev USING btree (at DESC);

-- step 4.index.create:public.ev.ev_k_at_key
--   object: index:public.ev.ev_k_at_key
CREATE UNIQUE INDEX ev_k_at_key ON public.ev USING btree (k, at);

-- step 4.index.create:public.ev.ev_k_idx
--   object: index:public.ev.ev_k_idx
CREATE INDEX ev_k_idx ON public.ev USING btree (k);
COMMIT;
