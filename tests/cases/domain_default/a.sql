CREATE DOMAIN qty AS integer;
CREATE DOMAIN label AS text DEFAULT 'none';
