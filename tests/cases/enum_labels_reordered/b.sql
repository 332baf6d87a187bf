CREATE TYPE "Priority" AS ENUM ('high', 'medium', 'low');
