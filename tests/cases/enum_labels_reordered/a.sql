CREATE TYPE "Priority" AS ENUM ('low', 'medium', 'high');
