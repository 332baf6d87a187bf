CREATE TYPE "Größe" AS ENUM ('XS', 'S', 'M', 'L', 'XL', 'XXL');
CREATE TABLE shirt (id int PRIMARY KEY, size "Größe"[]);
