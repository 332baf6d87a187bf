-- schemaparity migration plan: source -> target
-- source fingerprint a73d4161b9c4c371, target fingerprint b6e65c7df47e25b5
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: authz_change x2

\set ON_ERROR_STOP on

-- ==== phase 5: dependent (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.policy.drop:public.docs.docs_read
--   object: policy:public.docs.docs_read
--   lock: ACCESS EXCLUSIVE
--   hazard authz_change: policies decide which rows each role sees
DROP POLICY IF EXISTS "docs_read" ON "public"."docs";

-- step 5.policy.create:public.docs.docs_read
--   object: policy:public.docs.docs_read
--   lock: ACCESS EXCLUSIVE
--   hazard authz_change: policies decide which rows each role sees
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polrelid = '"public"."docs"'::pg_catalog.regclass AND polname = 'docs_read') THEN
        CREATE POLICY "docs_read" ON "public"."docs"
    AS PERMISSIVE FOR SELECT
    TO PUBLIC
    USING ((public OR (owner_name = CURRENT_USER)));
    END IF;
END $guard$;
COMMIT;
