CREATE DOMAIN qty AS integer DEFAULT 1;
CREATE DOMAIN label AS text DEFAULT 'unnamed';
