CREATE TABLE booking (room int, during int4range);
