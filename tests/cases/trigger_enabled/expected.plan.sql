-- schemaparity migration plan: source -> target
-- source fingerprint c0c32bdec660efa1, target fingerprint 5e48cd364c11a00d
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 5: dependent (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.trigger.enable:public.t.t_a
--   object: trigger:public.t.t_a
ALTER TABLE "public"."t" DISABLE TRIGGER "t_a";

-- step 5.trigger.enable:public.t.t_b
--   object: trigger:public.t.t_b
ALTER TABLE "public"."t" ENABLE ALWAYS TRIGGER "t_b";
COMMIT;
