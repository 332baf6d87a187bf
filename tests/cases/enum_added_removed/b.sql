CREATE TYPE "Größe" AS ENUM ('S', 'M', 'L');
COMMENT ON TYPE "Größe" IS 'T-shirt sizes';
