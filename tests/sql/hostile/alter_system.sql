-- the server writes its configuration (superusers only)
ALTER SYSTEM SET work_mem = '1MB';
