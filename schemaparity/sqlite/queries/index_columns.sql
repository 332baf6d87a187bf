-- The key and auxiliary columns of every index of every table; cid -2 is an expression,
-- -1 the rowid.
SELECT il.name AS idx, x.seqno, x.cid, x.name, x."desc", x.coll, x."key"
FROM sqlite_schema AS m, pragma_index_list(m.name) AS il, pragma_index_xinfo(il.name) AS x
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY il.name, x.seqno
