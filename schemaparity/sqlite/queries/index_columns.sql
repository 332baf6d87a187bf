-- The key and auxiliary columns of one index (:1); cid -2 is an expression, -1 the rowid.
SELECT seqno, cid, name, "desc", coll, "key"
FROM pragma_index_xinfo(?)
ORDER BY seqno
