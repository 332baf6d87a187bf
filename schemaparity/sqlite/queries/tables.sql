-- Each table's flags: wr (WITHOUT ROWID) and strict.
SELECT name, type, wr, strict
FROM pragma_table_list
WHERE schema = 'main'
ORDER BY name
