CREATE TABLE booking (room int, during int4range,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));
