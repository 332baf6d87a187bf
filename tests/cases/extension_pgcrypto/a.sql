CREATE TABLE tokens (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
