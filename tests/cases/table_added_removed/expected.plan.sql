-- schemaparity migration plan: source -> target
-- source fingerprint b3462ff6e6d34d7b, target fingerprint 9d384000097e4c58
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: deletes_data x1

\set ON_ERROR_STOP on

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.table.create:public.Größe
--   object: table:public.Größe
CREATE TABLE "public"."Größe" (
    "id" integer NOT NULL,
    "select" integer NOT NULL
);
COMMIT;

-- ==== phase 4: constrain (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.add:public.Größe.Größe_pkey
--   object: constraint:public.Größe.Größe_pkey
ALTER TABLE "public"."Größe" ADD CONSTRAINT "Größe_pkey" PRIMARY KEY (id);

-- step 4.constraint.add:public.Größe.Größe_select_key
--   object: constraint:public.Größe.Größe_select_key
ALTER TABLE "public"."Größe" ADD CONSTRAINT "Größe_select_key" UNIQUE ("select");
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.table.drop:public.order
--   object: table:public.order
--   lock: ACCESS EXCLUSIVE
--   hazard deletes_data: table public.order and its rows are gone
DROP TABLE "public"."order";
COMMIT;
