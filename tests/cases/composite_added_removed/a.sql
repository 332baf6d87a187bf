CREATE TYPE point3 AS (x float8, y float8, z float8);
