-- The foreign keys of every table, one row per column.
SELECT m.name AS tbl, p.id, p.seq, p."table", p."from", p."to", p.on_update, p.on_delete,
       p."match"
FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, p.id, p.seq
