-- The foreign keys of one table (:1), one row per column.
SELECT id, seq, "table", "from", "to", on_update, on_delete, "match"
FROM pragma_foreign_key_list(?)
ORDER BY id, seq
