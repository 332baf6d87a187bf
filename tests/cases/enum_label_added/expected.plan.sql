-- schemaparity migration plan: source -> target
-- source fingerprint 3feb87c973f68324, target fingerprint f9324a353c528480
-- 1 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none

\set ON_ERROR_STOP on

-- ==== phase 1: prepare (1 steps) ====

-- step 1.enum.add_value:public.mood
--   object: enum:public.mood
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok';
