CREATE TABLE "order" (id int PRIMARY KEY, note text);
CREATE INDEX ON "order" (note);
