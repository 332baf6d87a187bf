-- The indexes of every table: unique, origin (c, u, pk), partial.
SELECT m.name AS tbl, p.seq, p.name, p."unique", p.origin, p.partial
FROM sqlite_schema AS m, pragma_index_list(m.name) AS p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, p.name
