-- schemaparity migration plan: source -> target
-- source fingerprint 7471a65a97d02f48, target fingerprint 80cd69bfcaaefa9a
-- 5 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x2

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.domain.drop_check:public.positive
--   object: domain:public.positive
ALTER DOMAIN "public"."positive" DROP CONSTRAINT "positive_check";
COMMIT;

-- ==== phase 4: constrain (4 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.domain.add_check:public.positive
--   object: domain:public.positive
ALTER DOMAIN "public"."positive" ADD CONSTRAINT "positive_check" CHECK ((VALUE >= (0)::numeric)) NOT VALID;

-- step 4.domain.add_check:public.user
--   object: domain:public.user
ALTER DOMAIN "public"."user" ADD CONSTRAINT "user_len" CHECK ((length(VALUE) < 64)) NOT VALID;

-- step 4.domain.validate_check:public.positive
--   object: domain:public.positive
--   hazard full_table_scan: every column of the domain is checked
ALTER DOMAIN "public"."positive" VALIDATE CONSTRAINT "positive_check";

-- step 4.domain.validate_check:public.user
--   object: domain:public.user
--   hazard full_table_scan: every column of the domain is checked
ALTER DOMAIN "public"."user" VALIDATE CONSTRAINT "user_len";
COMMIT;
