-- schemaparity migration plan: source -> target
-- source fingerprint 2c180f558003bf2d, target fingerprint 05b4551aa51f4c7c
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.v
--   object: view:public.v
DROP VIEW IF EXISTS "public"."v";
COMMIT;

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.v
--   object: view:public.v
CREATE OR REPLACE VIEW "public"."v" AS
SELECT id,
    name
   FROM public.t
  WHERE active;
COMMIT;
