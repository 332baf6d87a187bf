-- schemaparity migration plan: source -> target
-- source fingerprint bdc02b3fc8b882a2, target fingerprint 92913649e86e4a85
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.v
--   object: view:public.v
DROP VIEW "public"."v";
COMMIT;

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.v
--   object: view:public.v
CREATE VIEW "public"."v" AS
SELECT id,
    name
   FROM public.t
  WHERE active;
COMMIT;
