CREATE EXTENSION cube;
CREATE EXTENSION earthdistance;
CREATE TABLE keep (id int, spot public.cube);
