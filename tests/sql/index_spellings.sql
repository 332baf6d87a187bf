-- Indexes whose definitions the catalog query spells itself, and ones it must leave to
-- pg_get_indexdef(): every decoration pg_get_indexdef() knows, on names that need quoting.
CREATE SCHEMA "Odd Schema";
CREATE TYPE "Odd Schema".mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN "Odd Schema".short_text AS text CHECK (length(VALUE) < 100);
CREATE DOMAIN "Odd Schema".nested AS "Odd Schema".short_text;
CREATE COLLATION "Odd Schema".posix_c (locale = 'C');
CREATE TABLE "Odd Schema"."Tbl ""q""" (
    id bigint PRIMARY KEY,
    "select" text,
    "MixedCase" integer,
    größe numeric,
    mood "Odd Schema".mood,
    label "Odd Schema".short_text,
    nest "Odd Schema".nested,
    code varchar(20),
    attrs jsonb,
    tags text[],
    span int4range,
    at timestamptz,
    flag boolean
);
CREATE INDEX plain_multi ON "Odd Schema"."Tbl ""q""" ("select", "MixedCase", größe);
CREATE INDEX "Desc Idx" ON "Odd Schema"."Tbl ""q""" (at DESC);
CREATE INDEX desc_nulls_last ON "Odd Schema"."Tbl ""q""" (at DESC NULLS LAST);
CREATE INDEX nulls_first ON "Odd Schema"."Tbl ""q""" (at NULLS FIRST);
CREATE INDEX asc_nulls_last ON "Odd Schema"."Tbl ""q""" (at ASC NULLS LAST);
CREATE INDEX pattern_ops ON "Odd Schema"."Tbl ""q""" ("select" text_pattern_ops DESC);
CREATE INDEX jsonb_path ON "Odd Schema"."Tbl ""q""" USING gin (attrs jsonb_path_ops);
CREATE INDEX jsonb_default ON "Odd Schema"."Tbl ""q""" USING gin (attrs);
CREATE INDEX array_gin ON "Odd Schema"."Tbl ""q""" USING gin (tags);
CREATE INDEX enum_idx ON "Odd Schema"."Tbl ""q""" (mood);
CREATE INDEX domain_idx ON "Odd Schema"."Tbl ""q""" (label);
CREATE INDEX nested_domain_idx ON "Odd Schema"."Tbl ""q""" (nest);
CREATE INDEX varchar_idx ON "Odd Schema"."Tbl ""q""" (code);
CREATE INDEX collated ON "Odd Schema"."Tbl ""q""" ("select" COLLATE "Odd Schema".posix_c);
CREATE INDEX collated_c ON "Odd Schema"."Tbl ""q""" ("select" COLLATE "C");
CREATE UNIQUE INDEX with_include ON "Odd Schema"."Tbl ""q""" ("MixedCase") INCLUDE (größe, "select");
CREATE UNIQUE INDEX nnd ON "Odd Schema"."Tbl ""q""" (code) NULLS NOT DISTINCT;
CREATE INDEX partial ON "Odd Schema"."Tbl ""q""" ("MixedCase") WHERE flag AND "select" <> 'x';
CREATE INDEX expr ON "Odd Schema"."Tbl ""q""" (lower("select"), ("MixedCase" + 1));
CREATE INDEX mixed_expr ON "Odd Schema"."Tbl ""q""" (id, lower(code) DESC);
CREATE INDEX fill ON "Odd Schema"."Tbl ""q""" (id) WITH (fillfactor = 70);
CREATE INDEX hashed ON "Odd Schema"."Tbl ""q""" USING hash (code);
CREATE INDEX brin_at ON "Odd Schema"."Tbl ""q""" USING brin (at) WITH (pages_per_range = 16);
CREATE INDEX gist_span ON "Odd Schema"."Tbl ""q""" USING gist (span);
CREATE INDEX spgist_span ON "Odd Schema"."Tbl ""q""" USING spgist (span);
CREATE INDEX "select" ON "Odd Schema"."Tbl ""q""" (flag);
CREATE TABLE "Odd Schema".parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE "Odd Schema".parted_2024 PARTITION OF "Odd Schema".parted
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX parted_at ON "Odd Schema".parted (at DESC);
CREATE MATERIALIZED VIEW "Odd Schema".mv AS SELECT id, code FROM "Odd Schema"."Tbl ""q""";
CREATE UNIQUE INDEX mv_id ON "Odd Schema".mv (id);
