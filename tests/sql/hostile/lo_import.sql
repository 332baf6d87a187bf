-- the server imports a file as a large object (superusers only)
SELECT lo_import('/etc/hostname');
