-- The indexes of one table (:1): unique, origin (c, u, pk), partial.
SELECT seq, name, "unique", origin, partial
FROM pragma_index_list(?)
ORDER BY name
