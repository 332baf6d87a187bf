CREATE COLLATION "Posix" (provider = libc, locale = 'POSIX');
