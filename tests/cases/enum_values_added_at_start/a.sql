CREATE TYPE "Größe" AS ENUM ('M', 'L');
CREATE TABLE shirt (id int PRIMARY KEY, size "Größe"[]);
