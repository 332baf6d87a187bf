CREATE COLLATION ci (provider = libc, locale = 'C');
