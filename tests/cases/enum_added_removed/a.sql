CREATE TYPE colour AS ENUM ('red', 'green');
