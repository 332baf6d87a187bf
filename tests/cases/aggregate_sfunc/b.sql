CREATE AGGREGATE agg(numeric) (SFUNC = numeric_mul, STYPE = numeric, FINALFUNC = abs);
