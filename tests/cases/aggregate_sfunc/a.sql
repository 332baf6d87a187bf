CREATE AGGREGATE agg(numeric) (SFUNC = numeric_add, STYPE = numeric);
