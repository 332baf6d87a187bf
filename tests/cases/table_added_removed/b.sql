CREATE TABLE "Größe" (id int PRIMARY KEY, "select" int NOT NULL UNIQUE);
