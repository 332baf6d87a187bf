-- The columns of one table or view (:1), hidden and generated ones included, in order.
SELECT cid, name, type, "notnull", dflt_value, pk, hidden
FROM pragma_table_xinfo(?)
ORDER BY cid
