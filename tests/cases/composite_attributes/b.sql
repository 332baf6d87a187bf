CREATE TYPE money_amount AS (amount numeric(14,4), currency char(3), "Note" text, rate real);
