CREATE TYPE status AS ENUM ('draft', 'published');
