CREATE TYPE "Range" AS ("from" int, "to" int);
